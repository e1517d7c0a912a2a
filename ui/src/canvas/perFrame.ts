// Applies at most one update per animation frame, coalescing the ones that come faster.
//
// A drag's pointer moves come one per input event. Each move applied is a store update, and a
// store read through `useSyncExternalStore` renders synchronously: when the page falls behind (a
// slow frame, a busy core), the queued moves would each render the canvas and React Flow again,
// each costing a frame's work for a position nobody sees, and the drag would stay behind. The
// first update of a frame is applied at once (no added latency while the page keeps up); later
// ones wait for the next frame and are applied there together.

/** Applies updates through `apply`: the first one of a frame at once, the rest merged (a later
 * key wins) at the start of the next frame. `flush` applies what waits at once (a drag's end). */
export function perFrame<T extends object>(apply: (update: T) => void, frames: FrameScheduler = animationFrames) {
  let pending: T | null = null;
  let appliedThisFrame = false;
  let frame: number | null = null;
  const onFrame = () => {
    frame = null;
    appliedThisFrame = false;
    if (pending) {
      const merged = pending;
      pending = null;
      appliedThisFrame = true;
      frame = frames.request(onFrame);
      apply(merged);
    }
  };
  return {
    push(update: T) {
      frame ??= frames.request(onFrame);
      if (appliedThisFrame || pending) {
        pending = pending ? { ...pending, ...update } : update;
        return;
      }
      appliedThisFrame = true;
      apply(update);
    },
    flush() {
      const merged = pending;
      pending = null;
      if (merged) apply(merged);
    },
    /** True while updates wait for the next frame. */
    get pending() {
      return pending !== null;
    },
  };
}

/** Where frames come from (the browser's animation frames; a test's own clock). */
export interface FrameScheduler {
  request(callback: () => void): number;
}

const animationFrames: FrameScheduler = { request: (callback) => requestAnimationFrame(callback) };
