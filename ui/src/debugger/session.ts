// The debugger's session state and actions: one simulated call driven through the debug_*
// commands. The session itself is transient (not part of the document), so it lives in a small
// store of its own; the breakpoints and a saved test call are document data and go through the
// main store (undoable). The canvas marks are published as the "debug" decoration layer.
import { create } from "zustand";
import type { CallSetup } from "../bindings/CallSetup";
import type { PathStep } from "../bindings/PathStep";
import type { SavedBreakpoint } from "../bindings/SavedBreakpoint";
import type { DebugView } from "../engine-bindings/DebugView";
import type { TraceEvent } from "../engine-bindings/TraceEvent";
import { call } from "../lib/ipc/invoke";
import { mark } from "../lib/marks";
import { useStore } from "../store/store";
import { freshTestName, nextTrace, sessionLayer, toggleBreakpoint as toggled } from "./logic";
import type { DebugAction, DebugReply } from "./types";

export interface DebugState {
  /** The debug panel is open. */
  open: boolean;
  /** A call is being debugged. */
  running: boolean;
  /** A command has been in flight for a while (continue may run long: Pause interrupts it).
   * Set only after BUSY_AFTER_MS, so a quick step does not redraw the panel twice. */
  busy: boolean;
  view: DebugView | null;
  trace: TraceEvent[];
  path: PathStep[];
  /** Index of the breakpoint that stopped the run. */
  hit: number | null;
  /** The last command's failure, worded when shown (`errorMessage`), so it follows a change of
   * language. */
  error: { failure: unknown } | null;
  warnings: string[];
  setup: { ani: string; dnis: string; recordId: string; numbers: string };
}

const initial = (): DebugState => ({
  open: false,
  running: false,
  busy: false,
  view: null,
  trace: [],
  path: [],
  hit: null,
  error: null,
  warnings: [],
  setup: { ani: "+442071234567", dnis: "+441234567890", recordId: "R1", numbers: "+447700900123" },
});

export const useDebug = create<DebugState>()(() => initial());

/** For tests: forget everything. */
export function resetDebug() {
  end();
  useDebug.setState(initial(), true);
  useStore.getState().setDecorations("debug", null);
}

function breakpoints(): SavedBreakpoint[] {
  return useStore.getState().doc?.breakpoints ?? [];
}

/** Redraws the canvas marks from the session and the document's breakpoints. */
export function redraw() {
  const doc = useStore.getState().doc;
  const s = useDebug.getState();
  if (!doc || (!s.open && breakpoints().length === 0)) {
    useStore.getState().setDecorations("debug", null);
    return;
  }
  useStore.getState().setDecorations("debug", sessionLayer(doc, breakpoints(), s.running ? s.view : null, s.path));
}

/** How long a command runs before the panel shows it as busy. A step takes about 1 ms; drawing
 * the busy state (then drawing it away) cost a step 20 ms without GPU compositing. */
const BUSY_AFTER_MS = 150;
let inFlight = false;
let busyTimer: ReturnType<typeof setTimeout> | null = null;

/** Marks a command in flight; false when one already is. */
function begin(): boolean {
  if (inFlight) return false;
  inFlight = true;
  busyTimer = setTimeout(() => useDebug.setState({ busy: true }), BUSY_AFTER_MS);
  if (useDebug.getState().error !== null) useDebug.setState({ error: null });
  return true;
}

function end() {
  inFlight = false;
  if (busyTimer) clearTimeout(busyTimer);
  busyTimer = null;
}

function accept(reply: DebugReply) {
  mark("reply");
  end();
  const s = useDebug.getState();
  useDebug.setState({
    view: reply.view,
    trace: nextTrace(s.trace, reply.view),
    path: reply.path,
    hit: reply.breakpoint,
    warnings: reply.warnings,
    error: null,
    busy: false,
  });
  mark("session-state");
  redraw();
  mark("decorations");
  // Keep the current component in view.
  const at = reply.view.calls[0]?.component;
  if (at && at in (useStore.getState().doc?.flow.components ?? {})) revealOnCanvas(at);
  mark("reveal");
}

/** Centres a component when it is out of view (set by the canvas integration). */
export let revealOnCanvas: (id: string) => void = () => {};
export function setRevealer(f: (id: string) => void) {
  revealOnCanvas = f;
}

function fail(err: unknown) {
  end();
  useDebug.setState({ busy: false, error: { failure: err } });
}

export function openPanel(open: boolean) {
  useDebug.setState({ open });
  if (!open) void stop();
  redraw();
}

/** The call set-up of the flow's type: a dialer attempt for an outbound flow. */
export function callSetup(): CallSetup {
  const doc = useStore.getState().doc;
  const { ani, dnis, recordId, numbers } = useDebug.getState().setup;
  if (doc?.flow.type === "outbound_dialer") {
    return {
      ani: "",
      dnis: "",
      variables: {},
      record: { id: recordId || "R1", contact_numbers: numbers.split(/[\s,]+/).filter(Boolean), agent_attempt_no: 0, customer_attempt_no: 0 },
    };
  }
  return { ani, dnis, variables: {} };
}

export async function start() {
  const doc = useStore.getState().doc;
  if (!doc) return;
  // (Re)starting replaces the session, whatever command was in flight.
  end();
  begin();
  useDebug.setState({ trace: [], path: [], hit: null, open: true });
  try {
    const reply = await call("debug_start", { file: doc, setup: callSetup(), breakpoints: breakpoints() });
    useDebug.setState({ running: true, trace: [] });
    accept(reply);
  } catch (err) {
    fail(err);
  }
}

/** Runs an action on the session; started first when no call runs yet (Step/Continue). */
export async function act(action: DebugAction) {
  const s = useDebug.getState();
  if (!s.running) {
    if (action.type === "step" || action.type === "continue") await start();
    if (action.type !== "continue" || !useDebug.getState().running) return;
  }
  if (action.type === "set_breakpoints") {
    // Allowed while a command runs (the session takes breakpoints between steps).
    try {
      const reply = await call("debug_act", { action });
      if (!inFlight) accept(reply);
    } catch (err) {
      fail(err);
    }
    return;
  }
  if (!begin()) return;
  try {
    accept(await call("debug_act", { action }));
  } catch (err) {
    fail(err);
  }
}

export async function pause() {
  try {
    await call("debug_pause");
  } catch (err) {
    fail(err);
  }
}

export async function stop() {
  const was = useDebug.getState().running;
  end();
  useDebug.setState({ running: false, busy: false, view: null, trace: [], path: [], hit: null });
  redraw();
  if (was) await call("debug_stop").catch(() => {});
}

/** Replaces the document's breakpoints (one undoable edit) and tells a running session. */
export function setBreakpoints(list: SavedBreakpoint[]) {
  useStore.getState().apply((d) => (list.length === 0 ? withoutBreakpoints(d) : { ...d, breakpoints: list }));
  redraw();
  if (useDebug.getState().running) void act({ type: "set_breakpoints", breakpoints: list });
}

function withoutBreakpoints<D extends { breakpoints?: SavedBreakpoint[] }>(d: D): D {
  const { breakpoints: _b, ...rest } = d;
  return rest as D;
}

export function toggleBreakpoint(component: string, exit?: string) {
  setBreakpoints(toggled(breakpoints(), component, exit));
}

/** Adds the session as a test call of the document (one undoable edit); returns its name. */
export async function saveAsTest(): Promise<string | null> {
  const doc = useStore.getState().doc;
  if (!doc || !useDebug.getState().running) return null;
  try {
    const name = freshTestName(doc, `debug session ${(doc.tests?.length ?? 0) + 1}`);
    const test = await call("debug_test_call", { name });
    useStore.getState().apply((d) => ({ ...d, tests: [...(d.tests ?? []), test] }));
    return test.name;
  } catch (err) {
    fail(err);
    return null;
  }
}

// The marks follow document edits (a breakpoint undone, a component removed); another flow
// opened ends the session (it ran the previous one).
let lastDoc: unknown = null;
useStore.subscribe((s) => {
  if (s.doc === lastDoc) return;
  const before = lastDoc as { flow?: { id?: string } } | null;
  if (before && s.doc && before.flow?.id !== s.doc.flow.id && useDebug.getState().running) void stop();
  const changedFlow = !lastDoc || (lastDoc as { flow?: unknown }).flow !== s.doc?.flow || (lastDoc as { breakpoints?: unknown }).breakpoints !== s.doc?.breakpoints;
  lastDoc = s.doc;
  if (changedFlow) redraw();
});
