import { describe, expect, it } from "vitest";
import { perFrame, type FrameScheduler } from "../canvas/perFrame";

/** Frames that come when the test says so. */
function manualFrames() {
  let waiting: (() => void)[] = [];
  const frames: FrameScheduler = {
    request(callback) {
      waiting.push(callback);
      return waiting.length;
    },
  };
  const tick = () => {
    const due = waiting;
    waiting = [];
    for (const callback of due) callback();
  };
  return {
    frames,
    tick,
    get requested() {
      return waiting.length;
    },
  };
}

describe("perFrame", () => {
  it("applies the first update of a frame at once", () => {
    const clock = manualFrames();
    const applied: Record<string, number>[] = [];
    const batch = perFrame<Record<string, number>>((m) => applied.push(m), clock.frames);
    batch.push({ a: 1 });
    expect(applied).toEqual([{ a: 1 }]);
    clock.tick();
    // A page that keeps up: every move is applied as it comes.
    batch.push({ a: 2 });
    expect(applied).toEqual([{ a: 1 }, { a: 2 }]);
    clock.tick();
    expect(applied).toHaveLength(2);
  });

  it("merges the later updates of a frame and applies them at the next one, the latest position of each box winning", () => {
    const clock = manualFrames();
    const applied: Record<string, number>[] = [];
    const batch = perFrame<Record<string, number>>((m) => applied.push(m), clock.frames);
    batch.push({ a: 1 });
    batch.push({ a: 2, b: 5 });
    batch.push({ a: 3 });
    expect(applied).toEqual([{ a: 1 }]);
    expect(batch.pending).toBe(true);
    expect(clock.requested).toBe(1);
    clock.tick();
    expect(applied).toEqual([{ a: 1 }, { a: 3, b: 5 }]);
    // That frame had its update: a move before the next one waits for it.
    batch.push({ b: 6 });
    expect(applied).toHaveLength(2);
    clock.tick();
    expect(applied).toEqual([{ a: 1 }, { a: 3, b: 5 }, { b: 6 }]);
    // A frame with nothing waiting applies nothing and asks for no other.
    clock.tick();
    expect(applied).toHaveLength(3);
    expect(clock.requested).toBe(0);
  });

  it("flushes what waits at once", () => {
    const clock = manualFrames();
    const applied: Record<string, number>[] = [];
    const batch = perFrame<Record<string, number>>((m) => applied.push(m), clock.frames);
    batch.push({ a: 1 });
    batch.push({ a: 2 });
    batch.flush();
    expect(applied).toEqual([{ a: 1 }, { a: 2 }]);
    expect(batch.pending).toBe(false);
    // Nothing waits: the frame applies nothing, and a flush neither.
    clock.tick();
    batch.flush();
    expect(applied).toHaveLength(2);
  });
});
