import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DebugView } from "../engine-bindings/DebugView";
import { useStore } from "../store/store";
import { sampleDoc } from "../test/fixtures";
import { Debugger } from "./Debugger";
import * as session from "./session";

const calls: { cmd: string; args: unknown }[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: async (cmd: string, args: unknown) => {
    calls.push({ cmd, args });
    return null;
  },
}));

function paused(partial: Partial<DebugView>): DebugView {
  return {
    at: 3n,
    tick: 5n,
    stop: { type: "decision" },
    finished: false,
    calls: [{ call: 0, component: "menu", state: "waiting: menu input", status: { kind: "waiting", wait: "menu_input" }, caller_connected: true, flows: ["t"], variables: { lang: "en" }, syskeys: {}, steps: 2 }],
    agents: [],
    queues: [],
    timers: [],
    new_events: [],
    trace_len: 0,
    ...partial,
  } as DebugView;
}

afterEach(() => {
  cleanup();
  session.resetDebug();
  calls.length = 0;
});

describe("the debug panel", () => {
  it("shows a key decision on the dial pad (only the legal keys enabled) and answers it", async () => {
    useStore.getState().load(sampleDoc(), null);
    showPaused(paused({
      pending: {
        at: 3n,
        call: 0,
        waiting: "menu waits for a key",
        waiting_for: { kind: "key", component: "menu" },
        choices: [
          { label: "caller presses 1", event: { at: 3n, event: { type: "dtmf", key: "1" } } },
          { label: "caller hangs up", event: { at: 3n, event: { type: "caller_hangup" } } },
          { label: "no input (time-out)", time_out: "no_input" },
        ],
      },
    }));
    render(<Debugger />);
    const pad = screen.getByTestId("debug-dialpad");
    const key = (k: string) => pad.querySelector(`button[data-key='${k}']`) as HTMLButtonElement;
    expect(key("1").disabled).toBe(false);
    expect(key("2").disabled).toBe(true);
    expect(key("#").disabled).toBe(true);
    expect(screen.getByText("caller hangs up")).toBeTruthy();
    expect(screen.getByText("no input (time-out)")).toBeTruthy();
    fireEvent.click(key("1"));
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === "debug_act")).toBe(true));
    expect(calls.find((c) => c.cmd === "debug_act")!.args).toEqual({ action: { type: "choose", index: 0 } });
  });

  it("asks and tells in the UI's language (Czech from the engine's data, the English label kept as the test hook)", () => {
    useStore.getState().load(sampleDoc(), null);
    useStore.getState().setLang("cs");
    try {
      showPaused(paused({
        pending: {
          at: 3n,
          call: 0,
          waiting: "the caller talks with ana",
          waiting_for: { kind: "talk", party: "ana", agent: true },
          choices: [
            { label: "agent ana ends the call", event: { at: 3n, event: { type: "agent_end_call", agent: "ana" } } },
            { label: "caller hangs up", event: { at: 3n, event: { type: "caller_hangup" } } },
          ],
        },
      }));
      render(<Debugger />);
      expect(screen.getByTestId("debug-decision").textContent).toContain("Rozhodněte: volající mluví s ana");
      expect(screen.getByText("agent ana hovor ukončí").getAttribute("data-choice")).toBe("agent ana ends the call");
      expect(screen.getByText("volající zavěsí")).toBeTruthy();
      expect(screen.getByTestId("debug-callstate").textContent).toContain("hovor 0 čeká: volba v menu");
    } finally {
      useStore.getState().setLang("en");
    }
  });

  it("sends a variable typed while paused as JSON when it parses", async () => {
    useStore.getState().load(sampleDoc(), null);
    showPaused(paused({ stop: { type: "step" } }));
    render(<Debugger />);
    const input = screen.getByTestId("debug-var-lang") as HTMLInputElement;
    expect(input.value).toBe('"en"');
    fireEvent.change(input, { target: { value: "42" } });
    fireEvent.keyDown(input, { key: "Enter" });
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === "debug_act")).toBe(true));
    expect(calls.find((c) => c.cmd === "debug_act")!.args).toEqual({ action: { type: "set_variable", call: 0, name: "lang", value: 42 } });
  });
});

function showPaused(view: DebugView) {
  session.useDebug.setState({ open: true, running: true, busy: false, view, trace: [], path: [] });
}
