// The Debug tab of the bottom panel: the call set-up and controls (VS Code keys), the decision
// prompt with a dial pad, and the inspection panels (variables, call state, queues, agents,
// timers, the clickable timeline, breakpoints). Clicks on a component's breakpoint dot or an
// exit's label toggle breakpoints while the panel is open (one delegated listener).
import { memo, useEffect, useState } from "react";
import type { SavedBreakpoint } from "../bindings/SavedBreakpoint";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { canvasApi } from "../canvas/api";
import { useT } from "../lib/i18n";
import { errorMessage } from "../lib/i18n/errors";
import { mark } from "../lib/marks";
import { showTab, usePanel } from "../panel/panel";
import { useStore } from "../store/store";
import { callFacts, describeEvent, PAD_KEYS, parseValue, splitChoices, withCondition, withEnabled } from "./logic";
import { choiceText, queueItemText, statusText, timerText, waitingText } from "./wording";
import * as session from "./session";
import { useDebug } from "./session";
import "./debugger.css";

const EMPTY: SavedBreakpoint[] = [];

/** A control's label without its shortcut (the shortcut is in the tooltip). */
const short = (label: string) => label.split(" (")[0];

/** Keeps the call's component in view (the smallest pan; nothing moves when it is in view). */
function reveal(id: string) {
  canvasApi.current?.reveal(id);
}

function useShortcutsAndClicks(open: boolean) {
  useEffect(() => {
    if (!open) return;
    session.setRevealer(reveal);
    document.body.classList.add("cf-debugging");
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA")) return;
      const k = e.key;
      const handled = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (k === "F5" && (e.ctrlKey || e.metaKey) && e.shiftKey) {
        handled();
        void session.act({ type: "restart" });
      } else if (k === "F5" && e.shiftKey) {
        handled();
        void session.stop();
      } else if (k === "F5") {
        handled();
        void session.act({ type: "continue" });
      } else if (k === "F10" && e.shiftKey) {
        handled();
        void session.act({ type: "step_back" });
      } else if (k === "F10") {
        handled();
        void session.act({ type: "step" });
      } else if (k === "F9") {
        const selected = useStore.getState().selection[0];
        if (selected && selected in (useStore.getState().doc?.flow.components ?? {})) {
          handled();
          session.toggleBreakpoint(selected);
        }
      }
    };
    const onClick = (e: MouseEvent) => {
      const target = e.target as HTMLElement | null;
      const dot = target?.closest<HTMLElement>(".cf-bp-dot");
      if (dot?.dataset.bp) {
        e.stopPropagation();
        session.toggleBreakpoint(dot.dataset.bp);
        return;
      }
      const label = target?.closest<HTMLElement>(".cf-exit-label");
      const row = label?.closest<HTMLElement>("[data-exit]");
      const node = row?.closest<HTMLElement>(".cf-node[data-id]");
      if (row?.dataset.exit && node?.dataset.id) session.toggleBreakpoint(node.dataset.id, row.dataset.exit);
    };
    window.addEventListener("keydown", onKey, true);
    document.addEventListener("click", onClick, true);
    return () => {
      document.body.classList.remove("cf-debugging");
      window.removeEventListener("keydown", onKey, true);
      document.removeEventListener("click", onClick, true);
    };
  }, [open]);
}

/** The toggle in the canvas corner: opens the Debug tab (bringing it forward when the session is
 *  open behind another tab or a collapsed panel), or closes the session when it is showing. */
export function DebugToggle() {
  const t = useT();
  const open = useDebug((s) => s.open);
  const onClick = () => {
    const panel = usePanel.getState();
    if (open && (panel.active !== "debug" || panel.collapsed)) showTab("debug");
    else session.openPanel(!open);
  };
  return (
    <button type="button" className={`cf-debug-toggle${open ? " active" : ""}`} onClick={onClick} data-testid="debug-toggle" aria-pressed={open}>
      {open ? "■" : "▶"} {t("debug.toggle")}
    </button>
  );
}

/** The debugger's keys and canvas clicks, live while a debug session is open whichever bottom
 *  panel tab is shown (mounted by the bottom panel, not by the Debug tab). */
export const DebugShortcuts = memo(function DebugShortcuts() {
  const open = useDebug((s) => s.open);
  useShortcutsAndClicks(open);
  return null;
});

/** The Debug tab's content: controls, decision prompt and inspection panels. */
export function Debugger() {
  const open = useDebug((s) => s.open);
  if (!open) return null;
  return (
    <section className="cf-debugger" data-testid="debugger" aria-label="debugger">
      <Controls />
      <div className="cf-dbg-body">
        <div className="cf-dbg-col">
          <Decision />
          <Variables />
        </div>
        <div className="cf-dbg-col">
          <CallState />
        </div>
        <div className="cf-dbg-col cf-dbg-wide">
          <Timeline />
        </div>
        <div className="cf-dbg-col">
          <Breakpoints />
        </div>
      </div>
    </section>
  );
}

/** A compact Step / Continue / Stop bar for the bottom panel's tab strip while a session runs and
 *  another tab is shown, so the session stays drivable from the Tests tab. */
export const DebugMiniBar = memo(function DebugMiniBar() {
  const t = useT();
  const running = useDebug((s) => s.running);
  const busy = useDebug((s) => s.busy);
  const finished = useDebug((s) => s.view?.finished ?? false);
  if (!running) return null;
  return (
    <span className="cf-dbg-mini" role="toolbar" aria-label={t("debug.title")} data-testid="debug-mini">
      <button type="button" onClick={() => void session.act({ type: "step" })} disabled={busy || finished} title={t("debug.step")} data-testid="debug-mini-step">
        ⤼
      </button>
      <button type="button" onClick={() => void session.act({ type: "continue" })} disabled={busy || finished} title={t("debug.continue")} data-testid="debug-mini-continue">
        ▶▶
      </button>
      <button type="button" onClick={() => void session.act({ type: "step_back" })} disabled={busy} title={t("debug.back")} data-testid="debug-mini-back">
        ⤺
      </button>
      <button type="button" onClick={() => void session.stop()} title={t("debug.stop")} data-testid="debug-mini-stop">
        ■
      </button>
    </span>
  );
});

const Controls = memo(function Controls() {
  mark("panel-Controls");
  const t = useT();
  const running = useDebug((s) => s.running);
  const busy = useDebug((s) => s.busy);
  const finished = useDebug((s) => s.view?.finished ?? false);
  const setup = useDebug((s) => s.setup);
  const outbound = useStore((s) => s.doc?.flow.type === "outbound_dialer");
  const [saved, setSaved] = useState<string | null>(null);
  const set = (patch: Partial<typeof setup>) => useDebug.setState({ setup: { ...setup, ...patch } });
  return (
    <div className="cf-dbg-controls">
      {!running &&
        (outbound ? (
          <>
            <label>
              {t("debug.record")} <input value={setup.recordId} onChange={(e) => set({ recordId: e.target.value })} size={6} data-testid="debug-record" />
            </label>
            <label>
              {t("debug.numbers")} <input value={setup.numbers} onChange={(e) => set({ numbers: e.target.value })} size={16} data-testid="debug-numbers" />
            </label>
          </>
        ) : (
          <>
            <label>
              {t("debug.ani")} <input value={setup.ani} onChange={(e) => set({ ani: e.target.value })} size={14} data-testid="debug-ani" />
            </label>
            <label>
              {t("debug.dnis")} <input value={setup.dnis} onChange={(e) => set({ dnis: e.target.value })} size={14} data-testid="debug-dnis" />
            </label>
          </>
        ))}
      <button type="button" onClick={() => void session.start()} disabled={busy} data-testid="debug-start" className="cf-dbg-primary">
        ▶ {running ? short(t("debug.restart")) : t("debug.start")}
      </button>
      <button type="button" onClick={() => void session.act({ type: "step" })} disabled={busy || finished} title={t("debug.step")} data-testid="debug-step">
        ⤼ {short(t("debug.step"))}
      </button>
      <button type="button" onClick={() => void session.act({ type: "continue" })} disabled={busy || finished} title={t("debug.continue")} data-testid="debug-continue">
        ▶▶ {short(t("debug.continue"))}
      </button>
      <button type="button" onClick={() => void session.pause()} disabled={!busy} title={t("debug.pause")} data-testid="debug-pause">
        ❚❚
      </button>
      <button type="button" onClick={() => void session.act({ type: "step_back" })} disabled={!running || busy} title={t("debug.back")} data-testid="debug-back">
        ⤺ {short(t("debug.back"))}
      </button>
      <button type="button" onClick={() => void session.act({ type: "restart" })} disabled={!running || busy} title={t("debug.restart")} data-testid="debug-restart">
        ⟲
      </button>
      <button type="button" onClick={() => void session.stop()} disabled={!running} title={t("debug.stop")} data-testid="debug-stop">
        ■
      </button>
      <button
        type="button"
        onClick={() => void session.saveAsTest().then((name) => setSaved(name))}
        disabled={!running || busy}
        data-testid="debug-save-test"
      >
        {t("debug.saveTest")}
      </button>
      {saved && (
        <span className="cf-dbg-note" data-testid="debug-saved">
          {t("debug.saved", { name: saved })}
        </span>
      )}
      <Status />
      <button type="button" className="cf-dbg-close" onClick={() => session.openPanel(false)} title={t("debug.close")} aria-label={t("debug.close")}>
        ×
      </button>
    </div>
  );
});

const Status = memo(function Status() {
  mark("panel-Status");
  const t = useT();
  const view = useDebug((s) => s.view);
  const running = useDebug((s) => s.running);
  const hit = useDebug((s) => s.hit);
  const error = useDebug((s) => s.error);
  const warnings = useDebug((s) => s.warnings);
  const first = view?.calls[0];
  return (
    <div className="cf-dbg-status" data-testid="debug-status" data-stop={view?.stop.type ?? ""} data-component={first?.component ?? ""}>
      {error && <span className="cf-dbg-error">{errorMessage(error.failure)}</span>}
      {!error && !running && <span>{t("debug.notRunning")}</span>}
      {!error && running && view && (
        <span>
          {view.finished
            ? t("debug.finished")
            : t("debug.at", { at: Number(view.at), call: first?.call ?? 0, component: first?.component ?? "-", state: first ? statusText(t, first.status) : "" })}
          {hit !== null && ` ${t("debug.hit", { n: hit + 1 })}`}
        </span>
      )}
      {warnings.map((w) => (
        <span key={w} className="cf-dbg-warning">
          {w}
        </span>
      ))}
    </div>
  );
});

const Decision = memo(function Decision() {
  mark("panel-Decision");
  const t = useT();
  const pending = useDebug((s) => s.view?.pending);
  const busy = useDebug((s) => s.busy);
  if (!pending) return null;
  const { pad, other } = splitChoices(pending.choices);
  const hasPad = Object.keys(pad).length > 0;
  return (
    <div className="cf-dbg-decision" data-testid="debug-decision">
      <div className="cf-dbg-decision-title">{t("debug.decision", { waiting: waitingText(t, pending.waiting_for) })}</div>
      {hasPad && (
        <div className="cf-dbg-pad-wrap">
          <div className="cf-dbg-pad-title">{t("debug.dialpad")}</div>
          <div className="cf-dbg-pad" data-testid="debug-dialpad">
            {PAD_KEYS.map((k) => {
              const index = pad[k];
              return (
                <button key={k} type="button" disabled={index === undefined || busy} onClick={() => index !== undefined && void session.act({ type: "choose", index })} data-key={k}>
                  {k}
                </button>
              );
            })}
          </div>
        </div>
      )}
      <div className="cf-dbg-choices">
        {other.map(({ index, choice }) => (
          <button key={index} type="button" disabled={busy} onClick={() => void session.act({ type: "choose", index })} data-choice={choice.label}>
            {choiceText(t, pending.waiting_for, choice)}
          </button>
        ))}
      </div>
    </div>
  );
});

function show(v: JsonValue | undefined): string {
  return v === undefined ? "" : JSON.stringify(v);
}

const VariableRow = memo(function VariableRow({ call, name, value, editable }: { call: number; name: string; value: string; editable: boolean }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) void session.act({ type: "set_variable", call, name, value: parseValue(text) });
  };
  return (
    <tr>
      <th>{name}</th>
      <td>
        {editable ? (
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === "Enter") commit();
              if (e.key === "Escape") setText(value);
            }}
            data-testid={`debug-var-${name}`}
          />
        ) : (
          <code>{value}</code>
        )}
      </td>
    </tr>
  );
});

const Variables = memo(function Variables() {
  mark("panel-Variables");
  const t = useT();
  const calls = useDebug((s) => s.view?.calls);
  const busy = useDebug((s) => s.busy);
  if (!calls) return null;
  return (
    <div className="cf-dbg-panel" data-testid="debug-variables">
      <h4 title={t("debug.variablesHint")}>{t("debug.variables")}</h4>
      {calls.map((c) => {
        const editable = !busy && c.status.kind !== "done";
        return (
          <table key={c.call} className="cf-dbg-table">
            <caption>
              call {c.call} · {c.flows.join(" › ")}
            </caption>
            <tbody>
              {Object.entries(c.variables).map(([name, v]) => (
                <VariableRow key={name} call={c.call} name={name} value={show(v)} editable={editable} />
              ))}
              {Object.entries(c.syskeys).map(([name, v]) => (
                <tr key={`sys-${name}`} className="cf-dbg-sys">
                  <th>{name}</th>
                  <td>
                    <code>{show(v)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
});

const CallState = memo(function CallState() {
  mark("panel-CallState");
  const t = useT();
  const view = useDebug((s) => s.view);
  const trace = useDebug((s) => s.trace);
  if (!view) return null;
  return (
    <div className="cf-dbg-panel" data-testid="debug-callstate">
      <h4>{t("debug.callState")}</h4>
      {view.calls.map((c) => (
        <div key={c.call} className="cf-dbg-call">
          <div>
            <strong>{t("debug.call", { call: c.call })}</strong> {statusText(t, c.status)}
            {c.caller_connected ? "" : ` · ${t("debug.callerGone")}`}
          </div>
          {callFacts(trace, c.call).map((f) => (
            <table key={f.title} className="cf-dbg-table">
              <caption>{f.title}</caption>
              <tbody>
                {f.rows.map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      ))}
      <h4>{t("debug.queues")}</h4>
      {view.queues.length === 0 ? (
        <div className="cf-dbg-muted">{t("debug.none")}</div>
      ) : (
        <ul className="cf-dbg-list">
          {view.queues.map((q) => (
            <li key={`${q.queue}-${q.item}`}>
              {q.queue}: {queueItemText(t, q.item)} (p{q.priority}, t={Number(q.enqueued_at)}){q.paused ? ` (${t("debug.paused")})` : ""} {q.ringing.length > 0 ? `→ ${q.ringing.join(", ")}` : ""}
            </li>
          ))}
        </ul>
      )}
      <h4>{t("debug.agents")}</h4>
      <ul className="cf-dbg-list">
        {view.agents.map((a) => (
          <li key={a.id}>
            {a.name} · {t(`agentStatus.${a.status}`)}
            {a.engaged ? ` · ${t("debug.engaged")}` : ""} · {t("debug.idle", { sec: Number(a.idle_sec) })}
          </li>
        ))}
      </ul>
      {view.timers.length > 0 && (
        <>
          <h4>{t("debug.timers")}</h4>
          <ul className="cf-dbg-list">
            {view.timers.map((tm) => (
              <li key={`${tm.at}-${tm.what}`}>
                t={Number(tm.at)} {timerText(t, tm.timer)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
});

const Timeline = memo(function Timeline() {
  mark("panel-Timeline");
  const t = useT();
  const trace = useDebug((s) => s.trace);
  const busy = useDebug((s) => s.busy);
  return (
    <div className="cf-dbg-panel" data-testid="debug-timeline">
      <h4 title={t("debug.timelineHint")}>
        {t("debug.timeline")} <span className="cf-dbg-muted">{t("debug.timelineHint")}</span>
      </h4>
      <ol className="cf-dbg-timeline">
        {trace.map((e, i) => (
          <li key={i} className={`cf-dbg-ev cf-dbg-ev-${e.type.toLowerCase()}`}>
            <button type="button" disabled={busy} onClick={() => void session.act({ type: "jump", index: i })} data-index={i} data-type={e.type}>
              <span className="cf-dbg-t">{Number(e.at)}s</span> {e.call > 0 ? `[${e.call}] ` : ""}
              {describeEvent(e)}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
});

const Breakpoints = memo(function Breakpoints() {
  mark("panel-Breakpoints");
  const t = useT();
  const list = useStore((s) => s.doc?.breakpoints ?? EMPTY);
  const names = useStore((s) => s.doc?.flow.components);
  const hit = useDebug((s) => s.hit);
  return (
    <div className="cf-dbg-panel" data-testid="debug-breakpoints">
      <h4>{t("debug.breakpoints")}</h4>
      {list.length === 0 && <div className="cf-dbg-muted">{t("debug.noBreakpoints")}</div>}
      <ul className="cf-dbg-bps">
        {list.map((b, i) => (
          <li key={`${b.component}-${b.exit ?? ""}-${i}`} className={hit === i ? "hit" : ""} data-bp-index={i}>
            <label>
              <input type="checkbox" checked={!b.disabled} onChange={(e) => session.setBreakpoints(withEnabled(list, i, e.target.checked))} />
              {names?.[b.component]?.name ?? b.component}
              {b.exit ? ` · ${t("debug.exit", { exit: b.exit })}` : ""}
            </label>
            <button type="button" className="cf-dbg-x" onClick={() => session.setBreakpoints(list.filter((_, k) => k !== i))} title={t("debug.remove")} aria-label={t("debug.remove")}>
              ×
            </button>
            {!b.exit && <ConditionInput value={b.condition ?? ""} onCommit={(c) => session.setBreakpoints(withCondition(list, i, c))} />}
          </li>
        ))}
      </ul>
    </div>
  );
});

function ConditionInput({ value, onCommit }: { value: string; onCommit: (value: string) => void }) {
  const t = useT();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() !== value) onCommit(text);
  };
  return (
    <input
      className="cf-dbg-cond"
      value={text}
      placeholder={t("debug.condition")}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === "Enter" && commit()}
      data-testid="debug-bp-condition"
    />
  );
}
