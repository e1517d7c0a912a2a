// Live validation: after every edit of the flow (not of the layout), the Rust checks run again,
// debounced, and the store gets the exits and diagnostics of the current document.
import type { Component } from "../bindings/Component";
import type { Flow } from "../bindings/Flow";
import type { Analysis } from "../gen/Analysis";
import type { FlowChanges } from "../gen/FlowChanges";
import { call } from "../lib/ipc/invoke";
import { fact } from "../lib/marks";
import { useStore } from "./store";

export const ANALYSIS_DEBOUNCE_MS = 120;

/** The last round trip (UI -> Rust -> UI), in milliseconds, for the problems panel and benches. */
export let lastRoundTripMs = 0;

/** The flow the app analysed last (it keeps a copy under `revision`). */
let sent: { flow: Flow; revision: number } | null = null;

/** What changed in `flow` since `base` (components are compared by identity: edits replace
 * the objects they change, so an unchanged component is the same object). */
export function flowChanges(base: Flow, flow: Flow, revision: number): FlowChanges {
  const set: Record<string, Component> = {};
  const remove: string[] = [];
  for (const [id, c] of Object.entries(flow.components)) if (base.components[id] !== c) set[id] = c;
  for (const id of Object.keys(base.components)) if (!(id in flow.components)) remove.push(id);
  return { base: revision, flow: { ...flow, components: {} }, set, remove };
}

/** Analyses `flow`, sending only its changes since the last analysis when the app still has it. */
async function analyzeFlow(flow: Flow): Promise<Analysis> {
  let analysis: Analysis | null = null;
  if (sent && sent.flow.id === flow.id) {
    const changes = flowChanges(sent.flow, flow, sent.revision);
    // Mostly new (another document): the whole flow is as small.
    if (Object.keys(changes.set).length * 2 < Object.keys(flow.components).length + 1) {
      analysis = await call("analyze_changes", { changes });
    }
  }
  analysis ??= await call("analyze_flow", { flow });
  sent = { flow, revision: analysis.revision };
  return analysis;
}

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
      const analysis = await analyzeFlow(flow);
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
          fact("validation", metrics);
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
