// The debugger's pure logic: the trace kept across replies, the canvas marks of a session, the
// breakpoint list edits, the dial pad of a decision and the call-state summary. No React, no IPC:
// tested in debugger.test.ts.
import type { DtmfKey } from "../bindings/DtmfKey";
import type { PathStep } from "../bindings/PathStep";
import type { SavedBreakpoint } from "../bindings/SavedBreakpoint";
import type { Choice } from "../engine-bindings/Choice";
import type { DebugView } from "../engine-bindings/DebugView";
import type { TraceEvent } from "../engine-bindings/TraceEvent";
import { edgeId, type DecorationLayer, type NodeDecoration } from "../canvas/decorations";
import type { Doc } from "../store/ops";

/** The whole trace after a reply: the view carries only the events since the previous pause
 * and the trace length now (shorter after a step back or a jump). */
export function nextTrace(trace: TraceEvent[], view: DebugView): TraceEvent[] {
  const kept = Math.max(0, view.trace_len - view.new_events.length);
  if (kept === trace.length && view.new_events.length === 0) return trace;
  return [...trace.slice(0, kept), ...view.new_events];
}

/** The handle of an exit as the canvas names it: menu keys and exits are `exit:<name>`, the
 * alternative keys `key:<digit>`, the error exit `error`. */
export function exitHandle(doc: Doc, component: string, exit: string): string {
  const c = doc.flow.components[component];
  if (exit === "error" && c?.error_handling?.mode === "custom") return "error";
  if (c && exit in (c.exits ?? {})) return `exit:${exit}`;
  const key = /^key_?([0-9*#])$/.exec(exit)?.[1];
  if (c && key && key in (c.alternative_keys ?? {})) return `key:${key}`;
  return `exit:${exit}`;
}

/** Breakpoint marks on their own: what the canvas shows outside a session too. */
function breakpointMarks(nodes: Record<string, NodeDecoration>, doc: Doc, breakpoints: SavedBreakpoint[]) {
  for (const b of breakpoints) {
    if (!(b.component in doc.flow.components)) continue;
    const d = (nodes[b.component] ??= {});
    const cls = b.disabled ? "cf-dbg-bp-off" : b.condition ? "cf-dbg-bp-cond" : "cf-dbg-bp";
    if (b.exit) {
      const handle = exitHandle(doc, b.component, b.exit);
      d.exits = { ...d.exits, [handle]: [...(d.exits?.[handle] ?? []), cls] };
    } else {
      d.classes = [...(d.classes ?? []), cls];
      if (b.condition) d.badgeTitle = b.condition;
    }
  }
}

/** The canvas marks of a session: the component the first call is at (`cf-dbg-current`), the
 * ones it went through (`cf-dbg-visited`), the edges it took (`cf-dbg-path`), the exits it may
 * take next (`cf-dbg-next`), and the breakpoints. */
export function sessionLayer(doc: Doc, breakpoints: SavedBreakpoint[], view: DebugView | null, path: PathStep[]): DecorationLayer {
  const nodes: Record<string, NodeDecoration> = {};
  const edges: Record<string, string[]> = {};
  if (view) {
    for (const step of path) {
      if (!(step.component in doc.flow.components)) continue;
      nodes[step.component] = { classes: ["cf-dbg-visited"] };
      if (step.exit) edges[edgeId(step.component, exitHandle(doc, step.component, step.exit))] = ["cf-dbg-path"];
    }
    const first = view.calls[0];
    const at = first?.component;
    if (at && at in doc.flow.components && !first.state.startsWith("done")) {
      const c = doc.flow.components[at]!;
      const next: Record<string, string[]> = {};
      for (const [exit, target] of Object.entries(c.exits ?? {})) if (target) next[`exit:${exit}`] = ["cf-dbg-next"];
      for (const [key, target] of Object.entries(c.alternative_keys ?? {})) if (target) next[`key:${key}`] = ["cf-dbg-next"];
      if (c.error_handling?.mode === "custom") next.error = ["cf-dbg-next"];
      nodes[at] = { classes: [first.state === "about_to_enter" ? "cf-dbg-current" : "cf-dbg-waiting"], exits: next, badge: "▶", badgeTitle: first.state };
    }
  }
  breakpointMarks(nodes, doc, breakpoints);
  return { nodes, edges };
}

function sameBreakpoint(b: SavedBreakpoint, component: string, exit: string | undefined): boolean {
  return b.component === component && (b.exit ?? undefined) === exit;
}

/** Toggles the breakpoint on a component (or one of its exits). */
export function toggleBreakpoint(list: SavedBreakpoint[], component: string, exit?: string): SavedBreakpoint[] {
  const i = list.findIndex((b) => sameBreakpoint(b, component, exit));
  if (i >= 0) return list.filter((_, k) => k !== i);
  return [...list, exit ? { component, exit } : { component }];
}

/** Sets (or, when blank, removes) the condition of breakpoint `index`. */
export function withCondition(list: SavedBreakpoint[], index: number, condition: string): SavedBreakpoint[] {
  return list.map((b, i) => {
    if (i !== index) return b;
    const { condition: _old, ...rest } = b;
    return condition.trim() ? { ...rest, condition: condition.trim() } : rest;
  });
}

export function withEnabled(list: SavedBreakpoint[], index: number, enabled: boolean): SavedBreakpoint[] {
  return list.map((b, i) => {
    if (i !== index) return b;
    const { disabled: _old, ...rest } = b;
    return enabled ? rest : { ...rest, disabled: true };
  });
}

export const PAD_KEYS: DtmfKey[] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/** A decision's choices split into the dial pad (key -> choice index) and the other choices. */
export function splitChoices(choices: Choice[]): { pad: Partial<Record<DtmfKey, number>>; other: { index: number; choice: Choice }[] } {
  const pad: Partial<Record<DtmfKey, number>> = {};
  const other: { index: number; choice: Choice }[] = [];
  choices.forEach((choice, index) => {
    const ev = choice.event?.event;
    if (ev?.type === "dtmf") pad[ev.key] = index;
    else other.push({ index, choice });
  });
  return { pad, other };
}

/** The latest HANGUP, RECORD_STATUS and CALLBACK_REQUEST facts of a call, as label/value rows. */
export function callFacts(trace: TraceEvent[], call: number): { title: string; rows: [string, string][] }[] {
  const latest: Record<string, TraceEvent> = {};
  for (const e of trace) {
    if (e.call === call && (e.type === "HANGUP" || e.type === "RECORD_STATUS" || e.type === "CALLBACK_REQUEST")) latest[e.type] = e;
  }
  const out: { title: string; rows: [string, string][] }[] = [];
  for (const type of ["HANGUP", "RECORD_STATUS", "CALLBACK_REQUEST"]) {
    const e = latest[type];
    if (!e) continue;
    const rows: [string, string][] = Object.entries(e)
      .filter(([k]) => k !== "type" && k !== "call" && k !== "at")
      .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
    out.push({ title: type, rows });
  }
  return out;
}

/** One line of the timeline: entering a component and leaving it read as such, the other
 * events as their type and fields. */
export function describeEvent(e: TraceEvent): string {
  if (e.type === "STEP") return `▸ ${e.component}`;
  if (e.type === "EXIT") return `  ${e.component} → ${e.exit}${e.routed ? ` (${e.routed})` : ""}`;
  const rest = Object.entries(e)
    .filter(([k]) => k !== "type" && k !== "call" && k !== "at")
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${e.type}${rest ? ` ${rest}` : ""}`;
}

/** A variable value typed in the panel: JSON when it parses (numbers, true, lists), else text. */
export function parseValue(text: string): unknown {
  const t = text.trim();
  if (t === "") return null;
  try {
    return JSON.parse(t);
  } catch {
    return text;
  }
}

/** A test call name not used yet in the document. */
export function freshTestName(doc: Doc, base: string): string {
  const taken = new Set((doc.tests ?? []).map((t) => t.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}
