// Live validation results: errors and warnings with codes; click to select and centre. Shown as
// the bottom panel's Problems tab, whose label carries the counts (ProblemsBadge).
import { memo, useMemo } from "react";
import { exitLabel, useT } from "../lib/i18n";
import { useStore } from "../store/store";
import { FindingText } from "./FindingText";

/** Rows drawn at most: a broken 1,000-component flow can have tens of thousands of findings. */
const MAX_ROWS = 300;

function ProblemsView() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const diagnostics = useStore((s) => s.analysis?.diagnostics);
  const stale = useStore((s) => s.doc !== null && s.analyzed !== s.doc.flow);
  const micros = useStore((s) => s.analysis?.micros);
  const components = useStore((s) => s.doc?.flow.components);
  const omitted = useStore((s) => s.analysis?.omitted ?? 0);
  const clean = (diagnostics ?? []).length === 0 && omitted === 0;

  return (
    <section className={`cf-problems${clean ? " clean" : ""}`} aria-label={t("problems.title")} data-testid="problems">
      <header className="cf-problems-head">
        {stale ? <span className="cf-muted">{t("problems.checking")}</span> : micros !== undefined && <span className="cf-muted">{t("problems.roundTrip", { ms: Math.round(micros / 100) / 10 })}</span>}
        {clean && <span className="cf-muted cf-problem-none">{t("problems.none")}</span>}
      </header>
      <ul className="cf-problem-list">
        {(diagnostics ?? []).slice(0, MAX_ROWS).map((d, i) => (
          <li
            key={`${d.code}-${d.component ?? ""}-${d.exit ?? ""}-${i}`}
            className={`cf-problem ${d.severity}`}
            data-code={d.code}
            data-component={d.component ?? ""}
            tabIndex={0}
            onClick={() => d.component && useStore.getState().focusOn(d.component)}
            onKeyDown={(e) => e.key === "Enter" && d.component && useStore.getState().focusOn(d.component)}
          >
            <span className={`cf-sev ${d.severity}`}>{d.severity === "error" ? "●" : d.severity === "warning" ? "▲" : "i"}</span>
            <span className="cf-code">{d.code}</span>
            <span className="cf-where">
              {d.component ? (components?.[d.component]?.name ?? d.component) : t("problems.flowLevel")}
              {d.exit ? ` › ${exitLabel(d.exit, lang)}` : ""}
            </span>
            <FindingText d={d} />
          </li>
        ))}
        {(diagnostics ?? []).length + omitted > MAX_ROWS && (
          <li className="cf-muted cf-problem-none" data-testid="problems-more">
            {t("problems.more", { n: (diagnostics ?? []).length + omitted - MAX_ROWS })}
          </li>
        )}
      </ul>
    </section>
  );
}

export const Problems = memo(ProblemsView);

/** The counts in the Problems tab's label, visible whichever tab is shown. */
export const ProblemsBadge = memo(function ProblemsBadge() {
  const t = useT();
  const errors = useStore((s) => s.analysis?.error_count ?? 0);
  const warnings = useStore((s) => s.analysis?.warning_count ?? 0);
  const counts = useMemo(() => ({ errors, warnings }), [errors, warnings]);
  return (
    <span className="cf-tab-counts" title={t("problems.summary", counts)} data-testid="problem-count" data-errors={errors} data-warnings={warnings}>
      <span className={`cf-tab-count${errors ? " error" : ""}`}>● {errors}</span>
      <span className={`cf-tab-count${warnings ? " warning" : ""}`}>▲ {warnings}</span>
    </span>
  );
});
