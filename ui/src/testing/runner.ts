// The test runner's view state and actions. Results of a run are transient (not part of the
// document, not undoable), so they live in this feature store; every change of the document's
// tests goes through the app store's `apply` (one undo step each).
import { create } from "zustand";
import type { FlowFile } from "../bindings/FlowFile";
import type { GeneratedPaths } from "../engine-bindings/GeneratedPaths";
import type { TestRun } from "../engine-bindings/TestRun";
import type { TestReport } from "../engine-bindings/TestReport";
import { call } from "../lib/ipc/invoke";
import type { Doc } from "../store/ops";
import { useStore } from "../store/store";
import { coverageLayer, differenceLayer, replaceGenerated } from "./model";

export type DockTab = "tests" | "environment" | "campaign";

export interface RunnerState {
  /** The open tab of the dock under the canvas, or null when it is closed. */
  tab: DockTab | null;
  running: boolean;
  /** Reports by test name, of the runs since the document was opened. */
  reports: Record<string, TestReport>;
  /** The last run of all tests: its coverage drives the overlay. */
  lastAll: TestRun | null;
  /** How long the last run took, in ms (IPC round trip included). */
  lastMs: number | null;
  /** The last run's failure, worded when shown (`errorMessage`), so it follows a change of
   * language. */
  error: { failure: unknown } | null;
  showCoverage: boolean;
  /** The failed test whose first difference is marked on the canvas. */
  focused: string | null;
  /** The flow id the results are about (a different flow clears them). */
  flowId: string | null;
  /** What the last run ran on (flow, tests, environment): results are stale once they change
   * (moving boxes does not make them stale). */
  ranOn: RunInput | null;
}

export interface RunInput {
  flow: Doc["flow"];
  tests: Doc["tests"];
  environment: Doc["environment"];
}

/** Whether the document still has what the last run ran on. */
export function isCurrent(ranOn: RunInput | null, doc: Doc | null): boolean {
  return !!ranOn && !!doc && ranOn.flow === doc.flow && ranOn.tests === doc.tests && ranOn.environment === doc.environment;
}

export const initialRunner = (): RunnerState => ({
  tab: null,
  running: false,
  reports: {},
  lastAll: null,
  lastMs: null,
  error: null,
  showCoverage: false,
  focused: null,
  flowId: null,
  ranOn: null,
});

export const useRunner = create<RunnerState>()(() => initialRunner());

const app = () => useStore.getState();

/** The document as the Rust side reads it (a FlowFile). */
export function fileOf(doc: Doc): FlowFile {
  return doc;
}

export function openTab(tab: DockTab | null) {
  useRunner.setState({ tab });
}

/** Results of another flow are dropped (the canvas marks with them). */
function sameFlow(doc: Doc) {
  if (useRunner.getState().flowId !== doc.flow.id) {
    useRunner.setState({ ...initialRunner(), tab: useRunner.getState().tab, flowId: doc.flow.id });
    publish();
  }
}

/** Runs the named tests (all when `names` is null). */
export async function runTests(names: string[] | null): Promise<TestRun | null> {
  const doc = app().doc;
  if (!doc || useRunner.getState().running) return null;
  sameFlow(doc);
  useRunner.setState({ running: true, error: null });
  const started = performance.now();
  try {
    const run = await call("run_tests", { file: fileOf(doc), names });
    const reports = { ...(names === null ? {} : useRunner.getState().reports) };
    for (const r of run.reports) reports[r.name] = r;
    const firstFailed = run.reports.find((r) => !r.passed && r.divergence)?.name ?? null;
    useRunner.setState({
      running: false,
      reports,
      lastAll: names === null ? run : useRunner.getState().lastAll,
      lastMs: performance.now() - started,
      focused: firstFailed,
      ranOn: { flow: doc.flow, tests: doc.tests, environment: doc.environment },
    });
    publish();
    return run;
  } catch (err) {
    useRunner.setState({ running: false, error: { failure: err } });
    return null;
  }
}

/** "Generate tests for all paths": one undoable edit replacing earlier generated tests. The
 * reply also says which bounds cut the enumeration short (`cut_short`). */
export async function generateTests(): Promise<GeneratedPaths | null> {
  const doc = app().doc;
  if (!doc || useRunner.getState().running) return null;
  useRunner.setState({ running: true, error: null });
  try {
    const generated = await call("generate_tests", { file: fileOf(doc) });
    useRunner.setState({ running: false });
    app().apply((d) => replaceGenerated(d, generated.tests));
    return generated;
  } catch (err) {
    useRunner.setState({ running: false, error: { failure: err } });
    return null;
  }
}

export function setShowCoverage(on: boolean) {
  useRunner.setState({ showCoverage: on });
  publish();
}

export function focusFailure(name: string | null) {
  useRunner.setState({ focused: name });
  publish();
  const d = name ? useRunner.getState().reports[name]?.divergence : null;
  if (d?.component && app().doc?.flow.components[d.component]) app().focusOn(d.component);
}

/** Puts the coverage overlay and the focused failure on the canvas (or takes them off). */
export function publish() {
  const doc = app().doc;
  const s = useRunner.getState();
  const coverage = doc && s.showCoverage && s.lastAll ? coverageLayer(s.lastAll.coverage, doc) : null;
  const focused = doc && s.focused ? s.reports[s.focused] : undefined;
  const difference = doc && focused && !focused.passed ? differenceLayer(focused, doc, app().lang) : null;
  app().setDecorations("coverage", coverage);
  app().setDecorations("testdiff", difference);
}

/** Clears results when another flow is opened (called from the dock, which watches the flow). */
export function watchFlow(flowId: string | null) {
  if (flowId !== useRunner.getState().flowId) {
    useRunner.setState({ ...initialRunner(), tab: useRunner.getState().tab, flowId });
    publish();
  }
}
