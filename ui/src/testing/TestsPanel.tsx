// The test runner panel: the flow's saved test calls, run one or all, pass/fail with the first
// difference (marked on the canvas), the coverage overlay and "Generate tests for all paths".
import { memo, useState } from "react";
import type { TestCall } from "../bindings/TestCall";
import type { PathLimitHit } from "../engine-bindings/PathLimitHit";
import type { TestReport } from "../engine-bindings/TestReport";
import { useT } from "../lib/i18n";
import { errorMessage } from "../lib/i18n/errors";
import { useStore } from "../store/store";
import { differenceText } from "./difference";
import { describeStep, deleteTest, generatedNotice, renameTest, splitExit } from "./model";
import { focusFailure, generateTests, isCurrent, runTests, setShowCoverage, useRunner } from "./runner";

const EMPTY: TestCall[] = [];

function TestRow({ test, index, report }: { test: TestCall; index: number; report: TestReport | undefined }) {
  const t = useT();
  const focused = useRunner((s) => s.focused === test.name);
  const running = useRunner((s) => s.running);
  const [editing, setEditing] = useState<string | null>(null);
  // Only the component names are needed (for the difference): no re-render on other edits.
  const components = useStore((s) => s.doc?.flow.components);
  const lang = useStore((s) => s.lang);
  const state = report ? (report.passed ? "pass" : "fail") : "none";
  const commit = () => {
    if (editing !== null) useStore.getState().apply((d) => renameTest(d, index, editing));
    setEditing(null);
  };
  const d = report?.divergence;
  return (
    <li className={`cf-test ${state}${focused ? " focused" : ""}`} data-testid="test-row" data-test={test.name} data-state={state}>
      <div className="cf-test-head">
        <span className={`cf-test-state ${state}`}>{state === "pass" ? `✓ ${t("tests.pass")}` : state === "fail" ? `✗ ${t("tests.fail")}` : t("tests.notRun")}</span>
        {editing !== null ? (
          <input
            className="cf-input cf-test-name-input"
            value={editing}
            autoFocus
            aria-label={t("tests.rename")}
            onChange={(e) => setEditing(e.target.value)}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === "Enter") commit();
              if (e.key === "Escape") setEditing(null);
            }}
            data-testid="test-rename-input"
          />
        ) : (
          <button type="button" className="cf-link cf-test-name" title={test.description || undefined} onClick={() => report && !report.passed && focusFailure(test.name)}>
            {test.name}
          </button>
        )}
        <span className="cf-test-actions">
          <button type="button" className="cf-button cf-small" disabled={running} onClick={() => void runTests([test.name])} data-testid="test-run">
            {t("tests.run")}
          </button>
          <button type="button" className="cf-button cf-small" onClick={() => setEditing(test.name)} data-testid="test-rename">
            {t("tests.rename")}
          </button>
          <button type="button" className="cf-icon-button" title={t("tests.delete")} aria-label={t("tests.delete")} onClick={() => useStore.getState().apply((x) => deleteTest(x, index))} data-testid="test-delete">
            ×
          </button>
        </span>
      </div>
      {report && !report.passed && (
        <div className="cf-test-diff" data-testid="test-difference">
          {d ? (
            <>
              <span className="cf-muted">{t("tests.step", { n: d.step + 1 })}: </span>
              <span className="cf-test-expected">
                {t("tests.expected")} <b>{describeStep(components, d.expected, t("tests.pathEnds"))}</b>
              </span>
              {" · "}
              <span className="cf-test-actual">
                {t("tests.actual")} <b>{describeStep(components, d.actual, t("tests.pathEnds"))}</b>
              </span>{" "}
              <button type="button" className="cf-link" onClick={() => focusFailure(test.name)} data-testid="test-show-diff">
                {t("tests.showOnCanvas")}
              </button>
            </>
          ) : (
            <span>{report.difference && differenceText(lang, report.difference, (id) => components?.[id]?.name ?? id)}</span>
          )}
        </div>
      )}
    </li>
  );
}

const Row = memo(TestRow);

function CoverageLine() {
  const t = useT();
  const cov = useRunner((s) => s.lastAll?.coverage);
  const doc = useStore((s) => s.doc);
  if (!cov || !doc) return null;
  const all = [...cov.missing_exits, ...(cov.missing_keys ?? [])];
  const missing = all.slice(0, 12).map((q) => {
    const [id, exit] = splitExit(q);
    return `${doc.flow.components[id]?.name ?? id} › ${exit.replace(/_/g, " ")}`;
  });
  const more = all.length > 12 ? ` … (+${all.length - 12})` : "";
  return (
    <div className="cf-test-coverage" data-testid="coverage-line">
      {t("tests.coverageLine", { components: cov.components_covered, componentsTotal: cov.components_total, exits: cov.exits_covered, exitsTotal: cov.exits_total })}
      {cov.keys.length > 0 && <span className="cf-muted"> · {t("tests.keys", { list: cov.keys.join(" ") })}</span>}
      {missing.length > 0 && <div className="cf-muted cf-small">{t("tests.missing", { list: missing.join(", ") + more })}</div>}
    </div>
  );
}

function TestsPanelView() {
  const t = useT();
  const tests = useStore((s) => s.doc?.tests ?? EMPTY);
  const reports = useRunner((s) => s.reports);
  const running = useRunner((s) => s.running);
  const error = useRunner((s) => s.error);
  const lastAll = useRunner((s) => s.lastAll);
  const lastMs = useRunner((s) => s.lastMs);
  const showCoverage = useRunner((s) => s.showCoverage);
  const ranOn = useRunner((s) => s.ranOn);
  const stale = useStore((s) => s.doc !== null && !isCurrent(ranOn, s.doc));
  // What "Generate" did, worded at each render (so it follows a change of language).
  const [generated, setGenerated] = useState<{ added: number; cutShort: PathLimitHit[] } | null>(null);
  return (
    <div className="cf-dock-body cf-tests" data-testid="tests-panel">
      <div className="cf-inline cf-dock-actions">
        <button type="button" className="cf-button primary" disabled={running || tests.length === 0} onClick={() => void runTests(null)} data-testid="tests-run-all">
          {running ? t("tests.running") : t("tests.runAll")}
        </button>
        <button
          type="button"
          className="cf-button"
          disabled={running}
          onClick={async () => {
            const paths = await generateTests();
            if (paths !== null) setGenerated({ added: paths.tests.length, cutShort: paths.cut_short });
          }}
          data-testid="tests-generate"
        >
          {t("tests.generate")}
        </button>
        <label className="cf-inline cf-check">
          <input type="checkbox" checked={showCoverage} disabled={!lastAll} onChange={(e) => setShowCoverage(e.target.checked)} data-testid="tests-coverage" />
          {t("tests.coverage")}
        </label>
        {lastAll && (
          <span className={`cf-count${lastAll.failed ? " error" : ""}`} data-testid="tests-summary">
            {t("tests.summary", { passed: lastAll.passed, failed: lastAll.failed })}
            {lastMs !== null && <span className="cf-muted"> {t("tests.took", { ms: Math.round(lastMs) })}</span>}
          </span>
        )}
        {lastAll && stale && (
          <span className="cf-muted cf-small" data-testid="tests-stale">
            {t("tests.stale")}
          </span>
        )}
        {generated && <span className="cf-muted" data-testid="tests-notice">{generatedNotice(generated.added, generated.cutShort, t)}</span>}
      </div>
      {error && <div className="cf-field-msg error" data-testid="tests-error">{errorMessage(error.failure)}</div>}
      <CoverageLine />
      {tests.length === 0 ? (
        <p className="cf-muted">{t("tests.none")}</p>
      ) : (
        <ul className="cf-test-list">
          {tests.map((test, i) => (
            <Row key={`${i}-${test.name}`} test={test} index={i} report={reports[test.name]} />
          ))}
        </ul>
      )}
    </div>
  );
}

export const TestsPanel = memo(TestsPanelView);
