import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as ops from "../store/ops";
import { initialState, useStore } from "../store/store";
import { sampleDoc } from "./fixtures";

// The real invoke, observed: which commands autosave sends, and when.
const invoke = vi.fn(async () => null);
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...(args as [])) }));

const { AUTOSAVE_MS, startAutosave } = await import("../library/library");

const s = () => useStore.getState();
const saves = () => invoke.mock.calls.filter((c) => (c as unknown[])[0] === "library_save_draft").length;

describe("autosave of the library draft", () => {
  let stop: () => void;
  beforeEach(() => {
    vi.useFakeTimers();
    useStore.setState(initialState());
    s().load(sampleDoc(), null);
    s().setLibraryId("sample");
    stop = startAutosave();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
    invoke.mockClear();
  });

  it("writes the draft once, a moment after the last edit", async () => {
    s().apply((d) => ops.setFlowName(d, "A"));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS / 2);
    s().apply((d) => ops.setFlowName(d, "B"));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS - 1);
    expect(saves()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves()).toBe(1);
  });

  it("does not write while a drag that began after the edit is under way, and writes after it", async () => {
    s().apply((d) => ops.setFlowName(d, "Renamed"));
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS / 2);
    s().beginGesture();
    s().dragTo({ menu: { x: 10, y: 10 } });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS * 3);
    expect(saves()).toBe(0);
    s().endGesture();
    await vi.advanceTimersByTimeAsync(AUTOSAVE_MS);
    expect(saves()).toBe(1);
    const [, args] = invoke.mock.calls.find((c) => (c as unknown[])[0] === "library_save_draft") as unknown as [string, { file: { flow: { name: string }; layout: { components: Record<string, unknown> } } }];
    expect(args.file.flow.name).toBe("Renamed");
    expect(args.file.layout.components.menu).toEqual({ x: 10, y: 10 });
  });
});
