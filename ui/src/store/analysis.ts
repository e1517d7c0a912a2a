// Live validation: after every edit of the flow (not of the layout), the Rust checks run again,
// debounced, and the store gets the exits and diagnostics of the current document.
import { call } from "../lib/ipc/invoke";
import { useStore } from "./store";

export const ANALYSIS_DEBOUNCE_MS = 120;

/** The last round trip (UI -> Rust -> UI), in milliseconds, for the problems panel and benches. */
export let lastRoundTripMs = 0;

export function startAnalysis(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let pending = false;

  const run = async () => {
    const flow = useStore.getState().doc?.flow;
    if (!flow) return;
    if (running) {
      pending = true;
      return;
    }
    running = true;
    try {
      const started = performance.now();
      const analysis = await call("analyze_flow", { flow });
      lastRoundTripMs = performance.now() - started;
      const metrics = {
        roundTripMs: lastRoundTripMs,
        /** Until the problems panel and the badges were rendered with the result. */
        shownMs: -1,
        rustMicros: analysis.micros,
        components: Object.keys(flow.components).length,
        diagnostics: analysis.diagnostics.length,
      };
      // Only apply it if the flow did not change meanwhile (a newer run follows otherwise).
      if (useStore.getState().doc?.flow === flow) {
        useStore.getState().setAnalysis(flow, analysis);
        // The store update renders synchronously (useSyncExternalStore); a timer runs after it.
        setTimeout(() => {
          metrics.shownMs = performance.now() - started;
          // Read by the benchmarks (tests/e2e/bench): the last validation round trip.
          (globalThis as { __callflowMetrics?: unknown }).__callflowMetrics = metrics;
        }, 0);
      } else pending = true;
    } catch (err) {
      console.error("analysis failed", err);
    } finally {
      running = false;
      if (pending) {
        pending = false;
        schedule(0);
      }
    }
  };

  const schedule = (delay: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, delay);
  };

  const unsubscribe = useStore.subscribe((state, prev) => {
    if (state.doc?.flow !== prev.doc?.flow && state.doc) {
      // A freshly loaded document is checked at once; edits are debounced.
      schedule(prev.doc === null || state.analyzed === null ? 0 : ANALYSIS_DEBOUNCE_MS);
    }
  });
  if (useStore.getState().doc) schedule(0);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
