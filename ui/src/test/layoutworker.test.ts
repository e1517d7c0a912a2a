import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WORKER_IDLE_MS, layoutFlow } from "../canvas/layout";
import type { Doc } from "../store/ops";
import { sampleDoc } from "./fixtures";

/** A stand-in for the layout worker: answers what it is asked when told to. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault: () => void }) => void) | null = null;
  asked: Array<{ id: number; graph: { children?: Array<{ id: string }> } }> = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(message: { id: number; graph: { children?: Array<{ id: string }> } }) {
    this.asked.push(message);
  }
  answer() {
    const { id, graph } = this.asked.shift()!;
    this.onmessage?.({ data: { id, result: { id: "root", children: (graph.children ?? []).map((c, i) => ({ ...c, x: i * 300, y: 0 })) } } });
  }
  terminate() {
    this.terminated = true;
  }
}

const exitsOf = (doc: Doc) => Object.fromEntries(Object.keys(doc.flow.components).map((id) => [id, []]));

describe("the layout worker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWorker.made = [];
    vi.stubGlobal("Worker", FakeWorker);
  });
  afterEach(() => {
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("is ended once idle, so ELK's heap does not stay, and started again when needed", async () => {
    const doc = sampleDoc();
    const first = layoutFlow(doc, exitsOf(doc), new Map());
    expect(FakeWorker.made).toHaveLength(1);
    const worker = FakeWorker.made[0]!;
    worker.answer();
    expect(Object.keys(await first).sort()).toEqual(Object.keys(doc.flow.components).sort());
    // A second layout soon after reuses the worker and postpones its end.
    vi.advanceTimersByTime(WORKER_IDLE_MS - 100);
    const second = layoutFlow(doc, exitsOf(doc), new Map());
    vi.advanceTimersByTime(500);
    expect(worker.terminated).toBe(false);
    worker.answer();
    await second;
    vi.advanceTimersByTime(WORKER_IDLE_MS);
    expect(worker.terminated).toBe(true);
    const third = layoutFlow(doc, exitsOf(doc), new Map());
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.answer();
    await third;
  });

  it("fails what waits when the worker dies, and starts a new one next time", async () => {
    const doc = sampleDoc();
    const pending = layoutFlow(doc, exitsOf(doc), new Map());
    const worker = FakeWorker.made[0]!;
    worker.onerror?.({ message: "out of memory", preventDefault: () => {} });
    await expect(pending).rejects.toThrow("the layout worker failed: out of memory");
    expect(worker.terminated).toBe(true);
    const next = layoutFlow(doc, exitsOf(doc), new Map());
    expect(FakeWorker.made).toHaveLength(2);
    FakeWorker.made[1]!.answer();
    await next;
  });
});
