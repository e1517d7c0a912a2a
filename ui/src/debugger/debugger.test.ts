import { beforeEach, describe, expect, it, vi } from "vitest";
import type { DebugView } from "../engine-bindings/DebugView";
import type { TraceEvent } from "../engine-bindings/TraceEvent";
import { merged } from "../canvas/decorations";
import { useStore } from "../store/store";
import { sampleDoc } from "../test/fixtures";
import { callFacts, exitHandle, freshTestName, nextTrace, parseValue, sessionLayer, splitChoices, toggleBreakpoint, withCondition, withEnabled } from "./logic";

const ev = (at: number, rest: Record<string, unknown>): TraceEvent => ({ at: at as unknown as bigint, call: 0, ...rest }) as TraceEvent;

function view(partial: Partial<DebugView>): DebugView {
  return { at: 0n, tick: 0n, stop: { type: "step" }, finished: false, calls: [], agents: [], queues: [], timers: [], new_events: [], trace_len: 0, ...partial } as DebugView;
}

describe("debugger logic", () => {
  it("keeps the trace across replies and cuts it after a step back", () => {
    const a = ev(0, { type: "ARRIVE", ani: "1", dnis: "2" });
    const b = ev(0, { type: "STEP", component: "start", kind: "start" });
    const c = ev(1, { type: "EXIT", component: "start", exit: "next" });
    let trace = nextTrace([], view({ new_events: [a, b], trace_len: 2 }));
    trace = nextTrace(trace, view({ new_events: [c], trace_len: 3 }));
    expect(trace).toEqual([a, b, c]);
    // Step back: no new events, a shorter trace.
    const back = nextTrace(trace, view({ new_events: [], trace_len: 1 }));
    expect(back).toEqual([a]);
    // Nothing changed: the same array (no re-render).
    expect(nextTrace(back, view({ trace_len: 1 }))).toBe(back);
  });

  it("marks the current component, its next exits, the path and the breakpoints", () => {
    const doc = sampleDoc();
    const layer = sessionLayer(
      doc,
      [{ component: "menu", condition: "x > 1" }, { component: "start", exit: "next", disabled: true }],
      view({ calls: [{ call: 0, component: "menu", state: "about_to_enter", status: { kind: "about_to_enter" }, caller_connected: true, flows: ["t"], variables: {}, syskeys: {}, steps: 1 }] }),
      [{ component: "start", exit: "next" }],
    );
    expect(layer.edges["start→exit:next"]).toEqual(["cf-dbg-path"]);
    expect(layer.nodes.start?.classes).toEqual(["cf-dbg-visited"]);
    expect(layer.nodes.start?.exits?.["exit:next"]).toEqual(["cf-dbg-bp-off"]);
    expect(layer.nodes.menu?.classes).toEqual(["cf-dbg-current", "cf-dbg-bp-cond"]);
    expect(layer.nodes.menu?.exits?.["exit:key_1"]).toEqual(["cf-dbg-next"]);
    // Unconnected exits are not "next".
    expect(layer.nodes.menu?.exits?.["exit:invalid"]).toBeUndefined();
    // Through the store, FlowNode sees the merged classes.
    useStore.getState().setDecorations("debug", layer);
    expect(merged(useStore.getState().decorations).nodes.get("menu")?.className).toBe("cf-dbg-current cf-dbg-bp-cond");
    useStore.getState().setDecorations("debug", null);
  });

  it("names alternative keys and the error exit by their canvas handles", () => {
    const doc = sampleDoc();
    const withKeys = { ...doc, flow: { ...doc.flow, components: { ...doc.flow.components, menu: { ...doc.flow.components.menu!, alternative_keys: { "9": "start" } } } } };
    expect(exitHandle(withKeys, "menu", "key_1")).toBe("exit:key_1");
    expect(exitHandle(withKeys, "menu", "key_9")).toBe("key:9");
  });

  it("toggles breakpoints, sets conditions and enables them", () => {
    let list = toggleBreakpoint([], "menu");
    list = toggleBreakpoint(list, "menu", "key_1");
    expect(list).toEqual([{ component: "menu" }, { component: "menu", exit: "key_1" }]);
    list = withCondition(list, 0, "  lang == 'cs' ");
    expect(list[0]).toEqual({ component: "menu", condition: "lang == 'cs'" });
    list = withCondition(list, 0, " ");
    expect(list[0]).toEqual({ component: "menu" });
    list = withEnabled(list, 1, false);
    expect(list[1]).toEqual({ component: "menu", exit: "key_1", disabled: true });
    expect(withEnabled(list, 1, true)[1]).toEqual({ component: "menu", exit: "key_1" });
    expect(toggleBreakpoint(list, "menu")).toEqual([{ component: "menu", exit: "key_1", disabled: true }]);
  });

  it("puts key presses on the dial pad and keeps the other choices", () => {
    const { pad, other } = splitChoices([
      { label: "caller presses 1", event: { at: 0n, event: { type: "dtmf", key: "1" } } },
      { label: "caller hangs up", event: { at: 0n, event: { type: "caller_hangup" } } },
      { label: "caller presses #", event: { at: 0n, event: { type: "dtmf", key: "#" } } },
      { label: "no input (time-out)" },
    ]);
    expect(pad).toEqual({ "1": 0, "#": 2 });
    expect(other.map((o) => o.index)).toEqual([1, 3]);
  });

  it("summarises the latest hang-up and dialer record facts of a call", () => {
    const facts = callFacts(
      [ev(3, { type: "RECORD_STATUS", status: "retry", agent_attempts_left: 2 }), ev(9, { type: "RECORD_STATUS", status: "done", agent_attempts_left: 1 }), { ...ev(9, { type: "HANGUP", reason: "x" }), call: 1 }],
      0,
    );
    expect(facts).toEqual([{ title: "RECORD_STATUS", rows: [["status", "done"], ["agent_attempts_left", "1"]] }]);
  });

  it("parses typed values and finds a free test name", () => {
    expect(parseValue("42")).toBe(42);
    expect(parseValue("true")).toBe(true);
    expect(parseValue("cs")).toBe("cs");
    expect(parseValue('"7"')).toBe("7");
    expect(parseValue("")).toBeNull();
    const doc = { ...sampleDoc(), tests: [{ name: "a", call: { ani: "", dnis: "", variables: {} }, expect: {} }] } as ReturnType<typeof sampleDoc>;
    expect(freshTestName(doc, "a")).toBe("a 2");
    expect(freshTestName(doc, "b")).toBe("b");
  });
});

describe("debugger session", () => {
  beforeEach(() => {
    vi.resetModules();
  });

  it("sends the document's breakpoints when starting and redraws the marks; breakpoint edits are undoable", async () => {
    const calls: { cmd: string; args: unknown }[] = [];
    vi.doMock("@tauri-apps/api/core", () => ({
      invoke: async (cmd: string, args: unknown) => {
        calls.push({ cmd, args });
        if (cmd === "debug_start" || cmd === "debug_act")
          return { view: view({ calls: [{ call: 0, component: "menu", state: "about_to_enter", status: { kind: "about_to_enter" }, caller_connected: true, flows: ["t"], variables: {}, syskeys: {}, steps: 1 }], new_events: [ev(0, { type: "STEP", component: "start", kind: "start" })], trace_len: 1 }), path: [{ component: "start", exit: "next" }], breakpoint: null, warnings: [] };
        if (cmd === "debug_test_call") return { name: (args as { name: string }).name, call: { ani: "", dnis: "", variables: {} }, expect: { path: [] } };
        return null;
      },
    }));
    const { useStore: store } = await import("../store/store");
    const session = await import("./session");
    store.getState().load(sampleDoc(), null);
    session.toggleBreakpoint("menu");
    expect(store.getState().doc?.breakpoints).toEqual([{ component: "menu" }]);
    await session.start();
    const start = calls.find((c) => c.cmd === "debug_start")!.args as { breakpoints: unknown; setup: { ani: string } };
    expect(start.breakpoints).toEqual([{ component: "menu" }]);
    expect(start.setup.ani).toMatch(/^\+/);
    expect(session.useDebug.getState().trace).toHaveLength(1);
    expect(store.getState().decorations.debug?.nodes.menu?.classes).toEqual(["cf-dbg-current", "cf-dbg-bp"]);
    const name = await session.saveAsTest();
    expect(store.getState().doc?.tests?.map((t) => t.name)).toEqual([name]);
    store.getState().undo();
    expect(store.getState().doc?.tests ?? []).toEqual([]);
    store.getState().undo();
    expect(store.getState().doc?.breakpoints ?? []).toEqual([]);
    await session.stop();
    expect(calls.some((c) => c.cmd === "debug_stop")).toBe(true);
  });
});
