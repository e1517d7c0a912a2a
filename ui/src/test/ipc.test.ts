import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Analysis } from "../gen/Analysis";
import { COMMAND_NAMES } from "../lib/ipc/commands";
import { CommandError, call, describeError } from "../lib/ipc/invoke";
import { ANALYSIS_DEBOUNCE_MS, startAnalysis } from "../store/analysis";
import * as ops from "../store/ops";
import { initialState, useStore } from "../store/store";
import { sampleDoc } from "./fixtures";

describe("the typed invoke wrapper", () => {
  afterEach(() => clearMocks());

  it("passes the typed arguments to the named command", async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return cmd === "new_flow" ? { format: "callflow", version: 1, flow: sampleDoc().flow } : null;
    });
    const file = await call("new_flow", { id: "x", name: "X", flowType: "inbound" });
    expect(file.flow.entry).toBe("start");
    await call("set_title", { title: "T" });
    expect(seen).toEqual([
      ["new_flow", { id: "x", name: "X", flowType: "inbound" }],
      ["set_title", { title: "T" }],
    ]);
  });

  it("turns a rejected command into a CommandError with the reader's error in full", async () => {
    mockIPC(() => {
      throw {
        type: "read",
        error: { file: "/tmp/bad.callflow.json", kind: "shape", json_path: "flow.components.a.kind", position: { line: 7, column: 19 }, message: "unknown variant `teleport`" },
      };
    });
    const err = await call("import_flow").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).message).toBe("/tmp/bad.callflow.json:7:19: unknown variant `teleport` (at flow.components.a.kind)");
    expect(describeError({ type: "io", message: "disk full" })).toBe("disk full");
  });

  it("lists each command once", () => {
    expect(new Set(COMMAND_NAMES).size).toBe(COMMAND_NAMES.length);
  });
});

describe("live validation", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useStore.setState(initialState());
  });
  afterEach(() => {
    vi.useRealTimers();
    clearMocks();
  });

  it("checks a loaded flow at once and edits after a debounce, applying only current results", async () => {
    let calls = 0;
    let changesSent = 0;
    mockIPC((cmd, args) => {
      if (cmd !== "analyze_flow" && cmd !== "analyze_changes") return null;
      calls++;
      // After the first, whole flow, edits send only their changes (here: the name).
      if (cmd === "analyze_changes") changesSent++;
      const flow = cmd === "analyze_flow" ? (args as { flow: { name: string } }).flow : (args as { changes: { flow: { name: string } } }).changes.flow;
      const analysis: Analysis = {
        exits: {},
        diagnostics: flow.name === "bad" ? [{ code: "CF0001", severity: "error", message: "bad", hint: "" }] : [],
        error_count: flow.name === "bad" ? 1 : 0,
        warning_count: 0,
        omitted: 0,
        micros: 5,
        revision: calls,
      };
      return analysis;
    });
    const stop = startAnalysis();
    useStore.getState().load(sampleDoc(), null);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
    for (const name of ["b", "ba", "bad"]) useStore.getState().apply((d) => ops.setFlowName(d, name));
    await vi.advanceTimersByTimeAsync(ANALYSIS_DEBOUNCE_MS - 10);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(calls).toBe(2);
    expect(changesSent).toBe(1);
    expect(useStore.getState().analysis?.diagnostics.map((d) => d.code)).toEqual(["CF0001"]);
    expect(useStore.getState().analyzed).toBe(useStore.getState().doc?.flow);
    stop();
  });
});
