// "Send to": where an exit (or key, or the custom error exit) leads. Pick an existing
// component (searchable), disconnect, or create a new component of a chosen kind and connect it.
import { useMemo, useState } from "react";
import type { ComponentKind } from "../bindings/ComponentKind";
import { GROUP_ORDER } from "../canvas/Palette";
import { useKindLabel, useT } from "../lib/i18n";
import * as actions from "../store/actions";
import * as ops from "../store/ops";
import { useStore } from "../store/store";

export function SendTo({ source, port, label }: { source: string; port: ops.Port; label: string }) {
  const t = useT();
  const kindText = useKindLabel();
  const components = useStore((s) => s.doc?.flow.components);
  const catalog = useStore((s) => s.catalog);
  const flowType = useStore((s) => s.doc?.flow.type);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<ComponentKind>("play_message");

  const self = components?.[source];
  const target = self ? ops.targetOf(self, port) : null;
  const targetComponent = target ? components?.[target] : undefined;
  const pid = ops.portId(port);

  // Listed only while the picker is open: a component shows a picker per exit and key, and each
  // would sort the whole flow on every render of the inspector.
  const options = useMemo(() => {
    if (!open) return [];
    const q = query.trim().toLowerCase();
    return Object.entries(components ?? {})
      .filter(([id, c]) => !q || c.name.toLowerCase().includes(q) || id.toLowerCase().includes(q) || kindText(c.kind).toLowerCase().includes(q))
      .sort((a, b) => a[1].name.localeCompare(b[1].name))
      .slice(0, 200);
  }, [open, components, query, kindText]);

  const kinds = useMemo(
    () =>
      GROUP_ORDER.flatMap((g) =>
        catalog.filter((e) => e.group === g && e.role !== "entry" && e.role !== "event_handler" && (e.flow_types.length === 0 || !flowType || e.flow_types.includes(flowType))),
      ),
    [catalog, flowType],
  );

  const choose = (id: string | null) => {
    actions.connect(source, port, id);
    setOpen(false);
    setQuery("");
  };

  const create = () => {
    const id = actions.createAndConnect(source, port, kind);
    setOpen(false);
    setCreating(false);
    if (id) useStore.getState().focusOn(id);
  };

  return (
    <div className="cf-sendto" data-testid={`sendto-${pid}`}>
      <span className="cf-sendto-label">{label}</span>
      <button
        type="button"
        className={`cf-sendto-button${target ? "" : " unconnected"}`}
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        title={t("sendTo.label")}
      >
        {targetComponent ? targetComponent.name : t("sendTo.unconnected")}
      </button>
      {open && (
        <div className="cf-popover" role="dialog">
          <input
            className="cf-input"
            autoFocus
            placeholder={t("sendTo.search")}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
              if (e.key === "Enter" && options[0]) choose(options[0][0]);
            }}
          />
          <ul className="cf-options" role="listbox">
            <li role="option" aria-selected={target === null} className="cf-option cf-muted" onClick={() => choose(null)}>
              {t("sendTo.unconnected")}
            </li>
            {options.map(([id, c]) => (
              <li key={id} role="option" aria-selected={id === target} className={`cf-option${id === target ? " current" : ""}`} onClick={() => choose(id)} data-target={id}>
                <span>{c.name}</span>
                <span className="cf-muted"> · {kindText(c.kind)}</span>
              </li>
            ))}
          </ul>
          {!creating ? (
            <button type="button" className="cf-link" onClick={() => setCreating(true)} data-testid="sendto-new">
              {t("sendTo.new")}
            </button>
          ) : (
            <div className="cf-sendto-new">
              <select className="cf-input" value={kind} onChange={(e) => setKind(e.target.value as ComponentKind)} aria-label={t("sendTo.pickKind")} data-testid="sendto-kind">
                {kinds.map((e) => (
                  <option key={e.kind} value={e.kind}>
                    {kindText(e.kind)}
                  </option>
                ))}
              </select>
              <button type="button" className="cf-button primary" onClick={create} data-testid="sendto-create">
                {t("sendTo.create")}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
