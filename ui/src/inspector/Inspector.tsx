// The inspector: the selected component's name, settings (generated from its kind's schema),
// exits with "Send to", alternative keys and error handling; the flow's own settings otherwise.
import { memo, useCallback, useDeferredValue, useMemo, useRef } from "react";
import type { Component } from "../bindings/Component";
import type { DtmfKey } from "../bindings/DtmfKey";
import type { ErrorHandling } from "../bindings/ErrorHandling";
import type { FlowType } from "../bindings/FlowType";
import type { VariableType } from "../bindings/VariableType";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { DTMF_KEYS } from "../canvas/FlowNode";
import { exitLabel, kindDescription, useKindLabel, useT } from "../lib/i18n";
import { diagnosticLine } from "../lib/i18n/diagnostics";
import { FindingText } from "../problems/FindingText";
import type { Json, Schema } from "../lib/schema";
import * as actions from "../store/actions";
import * as ops from "../store/ops";
import { useStore } from "../store/store";
import { SchemaForm, type FieldMessage, type FormContext } from "./SchemaForm";
import { SendTo } from "./SendTo";
import { useStickyFindings } from "./stickyFindings";
import { VersionsPanel } from "../library/VersionsPanel";

const FLOW_TYPES: FlowType[] = ["inbound", "outbound_dialer", "module", "reusable_queue_flow"];
const VARIABLE_TYPES: VariableType[] = ["string", "number", "boolean", "datetime", "list"];

function InspectorView() {
  // The canvas shows a click at once; the inspector's form (hundreds of elements for a component
  // with many exits) follows in a render React may interrupt, and not during a drag, so that a
  // drag starting with the click keeps its frames (BENCHMARKS.md, "Selecting a box").
  const deferred = useDeferredValue(useStore((s) => s.selection));
  const dragging = useStore((s) => s.gestureBase !== null);
  const shown = useRef(deferred);
  if (!dragging) shown.current = deferred;
  return <InspectorFor selection={shown.current} />;
}

const InspectorFor = memo(function InspectorFor({ selection }: { selection: string[] }) {
  const t = useT();
  const single = selection.length === 1 ? selection[0]! : null;
  const component = useStore((s) => (single ? s.doc?.flow.components[single] : undefined));
  const note = useStore((s) => (single ? s.doc?.flow.notes?.find((n) => n.id === single) : undefined));
  return (
    <aside className="cf-inspector" aria-label={t("inspector.title")} data-testid="inspector">
      {component && single ? (
        <ComponentInspector id={single} component={component} />
      ) : note ? (
        <NoteInspector id={note.id} text={note.text} />
      ) : selection.length > 1 ? (
        <div className="cf-panel-pad">
          <div className="cf-panel-title">{t("inspector.title")}</div>
          <p className="cf-muted">{t("inspector.multi", { n: selection.length })}</p>
          <div className="cf-inline">
            <button type="button" className="cf-button" onClick={() => actions.duplicateSelection()}>
              {t("inspector.duplicate")}
            </button>
            <button type="button" className="cf-button danger" onClick={() => actions.deleteSelection()}>
              {t("inspector.delete")}
            </button>
          </div>
        </div>
      ) : (
        <FlowInspector />
      )}
    </aside>
  );
});

export const Inspector = memo(InspectorView);

function NoteInspector({ id, text }: { id: string; text: string }) {
  const t = useT();
  return (
    <div className="cf-panel-pad">
      <div className="cf-panel-title">{t("inspector.note")}</div>
      <textarea
        className="cf-input"
        rows={8}
        value={text}
        onChange={(e) => useStore.getState().apply((d) => ops.updateNote(d, id, e.target.value))}
      />
      <button type="button" className="cf-button danger" onClick={() => actions.deleteSelection()}>
        {t("inspector.delete")}
      </button>
    </div>
  );
}

function FlowInspector() {
  const t = useT();
  const flow = useStore((s) => s.doc?.flow);
  if (!flow) return <div className="cf-panel-pad cf-muted">{t("inspector.empty")}</div>;
  const apply = useStore.getState().apply;
  const variables = flow.variables ?? [];
  const setVariables = (vars: typeof variables) => apply((d) => ({ ...d, flow: { ...d.flow, variables: vars } }));
  return (
    <div className="cf-panel-pad">
      <div className="cf-panel-title">{t("inspector.flow")}</div>
      <p className="cf-muted">{t("inspector.empty")}</p>
      <div className="cf-field">
        <label className="cf-field-label">{t("inspector.name")}</label>
        <input className="cf-input" value={flow.name} onChange={(e) => apply((d) => ops.setFlowName(d, e.target.value))} />
      </div>
      <div className="cf-field">
        <label className="cf-field-label">{t("inspector.flowId")}</label>
        <input className="cf-input cf-mono" value={flow.id} onChange={(e) => apply((d) => ({ ...d, flow: { ...d.flow, id: e.target.value } }))} />
      </div>
      <div className="cf-field">
        <label className="cf-field-label">{t("inspector.flowType")}</label>
        <select className="cf-input" value={flow.type} onChange={(e) => apply((d) => ({ ...d, flow: { ...d.flow, type: e.target.value as FlowType } }))}>
          {FLOW_TYPES.map((ft) => (
            <option key={ft} value={ft}>
              {t(`flowType.${ft}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="cf-muted">{t("inspector.components", { n: Object.keys(flow.components).length })}</p>
      <fieldset className="cf-fieldset cf-array">
        <legend>{t("inspector.variables")}</legend>
        {variables.map((v, i) => (
          <div key={i} className="cf-array-item cf-map-item">
            <input
              className="cf-input cf-mono"
              value={v.name}
              aria-label={t("inspector.variableName")}
              onChange={(e) => setVariables(variables.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
            />
            <select className="cf-input" value={v.type} onChange={(e) => setVariables(variables.map((x, j) => (j === i ? { ...x, type: e.target.value as VariableType } : x)))}>
              {VARIABLE_TYPES.map((vt) => (
                <option key={vt} value={vt}>
                  {vt}
                </option>
              ))}
            </select>
            <button type="button" className="cf-icon-button" aria-label={t("form.remove")} onClick={() => setVariables(variables.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" className="cf-link" onClick={() => setVariables([...variables, { name: `var${variables.length + 1}`, type: "string" }])}>
          + {t("inspector.addVariable")}
        </button>
      </fieldset>
      <VersionsPanel />
    </div>
  );
}

function ComponentInspector({ id, component }: { id: string; component: Component }) {
  const t = useT();
  const kindText = useKindLabel();
  const entry = useStore((s) => s.kinds[component.kind]);
  const exits = useStore((s) => s.analysis?.exits[id]) ?? entry?.exits ?? [];
  const diagnostics = useStore((s) => s.analysis?.diagnostics);
  const lang = useStore((s) => s.lang);
  const variables = useStore((s) => s.doc?.flow.variables);
  const isEntry = useStore((s) => s.doc?.flow.entry === id);
  const apply = useStore((s) => s.apply);

  const mine = useMemo(() => (diagnostics ?? []).filter((d) => d.component === id), [diagnostics, id]);
  const ctx: FormContext | null = useMemo(() => {
    if (!entry) return null;
    const messages = new Map<string, FieldMessage[]>();
    const prefix = `flow.components.${id}.config`;
    for (const d of mine) {
      if (!d.path || !d.path.startsWith(prefix)) continue;
      const rel = d.path.slice(prefix.length).replace(/^\./, "");
      const list = messages.get(rel) ?? [];
      list.push({ severity: d.severity, text: diagnosticLine(lang, d) });
      messages.set(rel, list);
    }
    return { root: entry.config_schema as Schema, variables: (variables ?? []).map((v) => v.name), messages };
  }, [entry, mine, id, variables, lang]);

  const onConfig = useCallback((config: Json) => apply((d) => ops.updateComponent(d, id, { config: config as JsonValue })), [apply, id]);

  // Findings not shown at a settings field; kept in place while the component stays selected.
  const general = useMemo(
    () => mine.filter((d) => !d.path || !d.path.startsWith(`flow.components.${id}.config`) || !ctx || ctx.messages.size === 0),
    [mine, id, ctx],
  );
  const shownFindings = useStickyFindings(id, general);
  if (!entry || !ctx) return null;
  const eh: ErrorHandling = component.error_handling ?? { mode: "default" };
  const defaultText =
    entry.error_handling.type === "follow_exit"
      ? t("errorDefault.follow_exit", { exit: exitLabel(entry.error_handling.exit, lang) })
      : t(`errorDefault.${entry.error_handling.type}`);

  return (
    <div className="cf-panel-pad" data-component={id}>
      <div className="cf-panel-title">
        {kindText(component.kind)} <span className="cf-muted cf-mono">#{id}</span>
      </div>
      <p className="cf-muted cf-small">{kindDescription(lang, component.kind, entry.description)}</p>
      <div className="cf-field">
        <label className="cf-field-label" htmlFor="cf-name">
          {t("inspector.name")}
        </label>
        <input id="cf-name" className="cf-input" value={component.name} onChange={(e) => apply((d) => ops.updateComponent(d, id, { name: e.target.value }))} data-testid="component-name" />
      </div>
      {shownFindings.length > 0 && (
        <ul className="cf-inline-problems" data-testid="inspector-findings">
          {shownFindings.map(({ key, d, fixed }) => (
            <li key={key} className={`cf-field-msg ${fixed ? "fixed" : d.severity}`} data-code={d.code} data-exit={d.exit} data-fixed={fixed || undefined}>
              <b>{fixed ? `✓ ${d.code}` : d.code}</b> {fixed && <span className="cf-fixed-label">{t("inspector.fixed")} </span>}
              <FindingText d={d} />
            </li>
          ))}
        </ul>
      )}

      <h4 className="cf-section">{t("inspector.exits")}</h4>
      {exits.length === 0 && <p className="cf-muted">{t("inspector.noExits")}</p>}
      {exits
        .filter((e) => e.connectable)
        .map((e) => (
          <SendTo key={e.name} source={id} port={{ type: "exit", exit: e.name }} label={`${exitLabel(e.name, lang)}${e.required ? " *" : ""}`} />
        ))}
      {exits
        .filter((e) => !e.connectable)
        .map((e) => (
          <div key={e.name} className="cf-sendto cf-muted" title={t("node.system")}>
            <span className="cf-sendto-label" title={e.name}>{exitLabel(e.name, lang)}</span>
            <span>{t("node.system")}</span>
          </div>
        ))}

      {entry.alternative_keys && (
        <>
          <h4 className="cf-section">{t("inspector.keys")}</h4>
          <p className="cf-muted cf-small">{t("inspector.keysHint")}</p>
          <div className="cf-keys-grid">
            {DTMF_KEYS.map((k: DtmfKey) => (
              <SendTo key={k} source={id} port={{ type: "key", key: k }} label={k} />
            ))}
          </div>
        </>
      )}

      {entry.error_handling.type !== "unsupported" && (
        <>
          <h4 className="cf-section">{t("inspector.errorHandling")}</h4>
          <select
            className="cf-input"
            value={eh.mode}
            data-testid="error-mode"
            onChange={(e) => {
              const mode = e.target.value as ErrorHandling["mode"];
              const firstExit = exits.find((x) => x.connectable)?.name ?? "";
              const next: ErrorHandling =
                mode === "follow_exit" ? { mode, exit: firstExit } : mode === "custom" ? { mode: "default" } : { mode };
              apply((d) => ops.updateComponent(d, id, { error_handling: next }));
            }}
          >
            <option value="default">{t("errorMode.default", { what: defaultText })}</option>
            <option value="end_flow">{t("errorMode.end_flow")}</option>
            {exits.some((x) => x.connectable) && <option value="follow_exit">{t("errorMode.follow_exit")}</option>}
            <option value="custom">{t("errorMode.custom")}</option>
          </select>
          {eh.mode === "follow_exit" && (
            <select className="cf-input" value={eh.exit} onChange={(e) => apply((d) => ops.updateComponent(d, id, { error_handling: { mode: "follow_exit", exit: e.target.value } }))}>
              {exits
                .filter((x) => x.connectable)
                .map((x) => (
                  <option key={x.name} value={x.name}>
                    {exitLabel(x.name, lang)}
                  </option>
                ))}
            </select>
          )}
          {(eh.mode === "custom" || eh.mode === "default") && <SendTo source={id} port={{ type: "error" }} label={t("node.onError")} />}
        </>
      )}

      <h4 className="cf-section">{t("inspector.config")}</h4>
      <SchemaForm ctx={ctx} value={(component.config ?? {}) as Json} onChange={onConfig} />

      <div className="cf-inline cf-actions">
        <button type="button" className="cf-button" onClick={() => actions.duplicateSelection()} disabled={isEntry}>
          {t("inspector.duplicate")}
        </button>
        <button type="button" className="cf-button danger" onClick={() => actions.deleteSelection()} disabled={isEntry} title={isEntry ? t("inspector.entryLocked") : undefined}>
          {t("inspector.delete")}
        </button>
      </div>
    </div>
  );
}
