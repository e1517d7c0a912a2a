// The export dialog: this flow or several library flows, with or without layout, saved test
// calls and environment, into a folder picked in the native dialog; existing files are listed
// and replaced only after the user says so; the written files are verified as `callflow verify`
// does and the result is shown. Also saves a picture of the whole flow as SVG or PNG.
import { memo, useCallback, useEffect, useState } from "react";
import { create } from "zustand";
import type { ExportOutcome } from "../gen/ExportOutcome";
import type { ExportRequest } from "../gen/ExportRequest";
import type { ExportSummary } from "../gen/ExportSummary";
import type { FlowSummary } from "../store-bindings/FlowSummary";
import { useT } from "../lib/i18n";
import { call } from "../lib/ipc/invoke";
import { errorMessage } from "../lib/i18n/errors";
import { useStore } from "../store/store";
import type { ConnectGap } from "../gen/ConnectGap";
import { exportConnectFlow, importConnectFlow } from "./connect";
import { savePicture } from "./picture";

const useExportDialog = create<{ open: boolean }>(() => ({ open: false }));

export function openExportDialog() {
  useExportDialog.setState({ open: true });
}

function closeExportDialog() {
  useExportDialog.setState({ open: false });
}

type Phase =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "overwrite"; folder: string; existing: string[] }
  | { kind: "done"; summary: ExportSummary }
  | { kind: "error"; message: string };

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export const ExportDialog = memo(function ExportDialog() {
  const open = useExportDialog((s) => s.open);
  return open ? <ExportDialogBody /> : null;
});

function ExportDialogBody() {
  const t = useT();
  const doc = useStore((s) => s.doc);
  const libraryAvailable = useStore((s) => s.libraryAvailable);
  const [mode, setMode] = useState<"current" | "library">("current");
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [layout, setLayout] = useState(true);
  const [tests, setTests] = useState(true);
  const [environment, setEnvironment] = useState(true);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [picture, setPicture] = useState("");
  const [drawing, setDrawing] = useState(false);
  const [connect, setConnect] = useState<ConnectReport | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && closeExportDialog();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (mode !== "library" || flows) return;
    call("library_list", { query: { text: null, kind: null, phone: null, queue: null, trash: false } }).then(
      (list) => setFlows(list),
      (err) => setPhase({ kind: "error", message: errorMessage(err) }),
    );
  }, [mode, flows]);

  const request = useCallback((): ExportRequest | null => {
    const flowsChoice: ExportRequest["flows"] | null =
      mode === "current" ? (doc ? { type: "current", file: doc } : null) : { type: "library", ids: [...chosen].sort() };
    return flowsChoice ? { flows: flowsChoice, layout, tests, environment } : null;
  }, [mode, doc, chosen, layout, tests, environment]);

  const settle = (outcome: ExportOutcome) => {
    if (outcome.status === "cancelled") setPhase({ kind: "idle" });
    else if (outcome.status === "would_overwrite") setPhase({ kind: "overwrite", folder: outcome.folder, existing: outcome.existing });
    else setPhase({ kind: "done", summary: outcome.summary });
  };

  const run = async () => {
    const req = request();
    if (!req) return;
    setPhase({ kind: "running" });
    try {
      settle(await call("export_flows", { request: req }));
    } catch (err) {
      setPhase({ kind: "error", message: errorMessage(err) });
    }
  };

  const overwrite = async (folder: string) => {
    const req = request();
    if (!req) return;
    setPhase({ kind: "running" });
    try {
      settle(await call("export_flows_to", { folder, request: req, force: true }));
    } catch (err) {
      setPhase({ kind: "error", message: errorMessage(err) });
    }
  };

  const savePictureAs = async (format: "svg" | "png") => {
    if (!doc || drawing) return;
    setDrawing(true);
    setPicture("");
    try {
      // A large flow's PNG takes seconds to draw and encode: say so once the path is chosen.
      const path = await savePicture(doc, format, () => setPicture(t("export.pictureDrawing")));
      setPicture(path ? t("export.pictureSaved", { path }) : "");
    } catch (err) {
      setPicture(errorMessage(err));
    } finally {
      setDrawing(false);
    }
  };

  const importConnect = async () => {
    try {
      const imported = await importConnectFlow();
      if (!imported) return;
      setConnect({
        summary: t("export.connectImported", { components: String(imported.components), actions: String(imported.actions), path: imported.path }),
        gaps: imported.unmapped,
        approximations: imported.approximations,
      });
    } catch (err) {
      setConnect({ summary: errorMessage(err), gaps: [], approximations: [], failed: true });
    }
  };

  const exportConnect = async () => {
    try {
      const exported = await exportConnectFlow();
      if (!exported) return;
      setConnect({
        summary: t("export.connectExported", { components: String(exported.components), path: exported.path }),
        gaps: exported.unmapped,
        approximations: [],
      });
    } catch (err) {
      setConnect({ summary: errorMessage(err), gaps: [], approximations: [], failed: true });
    }
  };

  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const busy = phase.kind === "running";
  const canRun = !busy && (mode === "current" ? !!doc : chosen.size > 0);

  return (
    <div className="cf-backdrop cf-export-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeExportDialog()}>
      <div className="cf-modal cf-export" role="dialog" aria-modal="true" aria-label={t("export.title")} data-testid="export-dialog">
        <h2>{t("export.title")}</h2>
        <fieldset className="cf-export-group" disabled={busy}>
          <legend>{t("export.what")}</legend>
          <label className="cf-check">
            <input type="radio" name="export-what" checked={mode === "current"} onChange={() => setMode("current")} data-testid="export-mode-current" />
            {t("export.current")} {doc ? <span className="cf-muted">({doc.flow.name})</span> : null}
          </label>
          <label className="cf-check">
            <input
              type="radio"
              name="export-what"
              checked={mode === "library"}
              disabled={!libraryAvailable}
              onChange={() => setMode("library")}
              data-testid="export-mode-library"
            />
            {t("export.library")}
          </label>
          {mode === "library" && (
            <div className="cf-export-flows" data-testid="export-flows">
              {flows && flows.length === 0 && <p className="cf-muted">{t("export.libraryNone")}</p>}
              {flows?.map((f) => (
                <label key={f.id} className="cf-check">
                  <input type="checkbox" checked={chosen.has(f.id)} onChange={() => toggle(f.id)} data-testid={`export-flow-${f.id}`} />
                  {f.name} <span className="cf-muted">{f.id}</span>
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <fieldset className="cf-export-group" disabled={busy}>
          <legend>{t("export.include")}</legend>
          <label className="cf-check">
            <input type="checkbox" checked={layout} onChange={(e) => setLayout(e.target.checked)} data-testid="export-layout" />
            {t("export.layout")}
          </label>
          <label className="cf-check">
            <input type="checkbox" checked={tests} onChange={(e) => setTests(e.target.checked)} data-testid="export-tests" />
            {t("export.tests")}
          </label>
          <label className="cf-check">
            <input type="checkbox" checked={environment} onChange={(e) => setEnvironment(e.target.checked)} data-testid="export-environment" />
            {t("export.environment")}
          </label>
        </fieldset>

        {phase.kind === "overwrite" ? (
          <div className="cf-export-result warn" data-testid="export-overwrite">
            <p>{t("export.overwrite", { folder: phase.folder })}</p>
            <ul>
              {phase.existing.map((p) => (
                <li key={p}>{baseName(p)}</li>
              ))}
            </ul>
            <div className="cf-export-actions">
              <button type="button" className="cf-button primary" onClick={() => void overwrite(phase.folder)} data-testid="export-overwrite-yes">
                {t("export.overwriteYes")}
              </button>
              <button type="button" className="cf-button" onClick={() => setPhase({ kind: "idle" })} data-testid="export-overwrite-no">
                {t("export.cancel")}
              </button>
            </div>
          </div>
        ) : (
          <div className="cf-export-actions">
            <button type="button" className="cf-button primary" disabled={!canRun} onClick={() => void run()} data-testid="export-run">
              {busy ? t("export.running") : t("export.run")}
            </button>
          </div>
        )}
        {phase.kind === "done" && <Result summary={phase.summary} />}
        {phase.kind === "error" && (
          <p className="cf-export-result error" data-testid="export-result">
            {phase.message}
          </p>
        )}

        <fieldset className="cf-export-group" disabled={busy || !doc}>
          <legend>{t("export.picture")}</legend>
          <div className="cf-export-actions">
            <button type="button" className="cf-button" disabled={drawing} onClick={() => void savePictureAs("svg")} data-testid="export-svg">
              {t("export.svg")}
            </button>
            <button type="button" className="cf-button" disabled={drawing} onClick={() => void savePictureAs("png")} data-testid="export-png">
              {t("export.png")}
            </button>
          </div>
          {picture && (
            <p className="cf-muted" data-testid="export-picture-result">
              {picture}
            </p>
          )}
        </fieldset>
        <fieldset className="cf-export-group" disabled={busy}>
          <legend>{t("export.connect")}</legend>
          <div className="cf-export-actions">
            <button type="button" className="cf-button" onClick={() => void importConnect()} data-testid="connect-import">
              {t("export.connectImport")}
            </button>
            <button type="button" className="cf-button" disabled={!doc} onClick={() => void exportConnect()} data-testid="connect-export">
              {t("export.connectExport")}
            </button>
          </div>
          {connect && <ConnectResult report={connect} />}
        </fieldset>
        <div className="cf-export-actions end">
          <button type="button" className="cf-button" onClick={closeExportDialog} data-testid="export-close">
            {t("export.close")}
          </button>
        </div>
      </div>
    </div>
  );
}

interface ConnectReport {
  summary: string;
  gaps: ConnectGap[];
  approximations: string[];
  /** The import or export failed: `summary` says why, and there is no report. */
  failed?: boolean;
}

const ConnectResult = memo(function ConnectResult({ report }: { report: ConnectReport }) {
  const t = useT();
  return (
    <div className="cf-export-connect" data-testid="connect-report">
      <p className={report.failed ? "cf-field-msg error" : undefined} data-testid={report.failed ? "connect-error" : undefined}>
        {report.summary}
      </p>
      {!report.failed && report.gaps.length === 0 && report.approximations.length === 0 ? (
        <p className="cf-muted">{t("export.connectAllMapped")}</p>
      ) : null}
      {report.gaps.length > 0 && (
        <>
          <p>{t("export.connectNotMapped")}</p>
          <ul>
            {report.gaps.map((g) => (
              <li key={`${g.id}/${g.part ?? ""}`} data-testid="connect-gap">
                <code>{g.what}</code> <code>{g.id}</code>
                {g.part ? ` ${g.part}` : ""}: {g.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.approximations.length > 0 && (
        <>
          <p>{t("export.connectApproximated")}</p>
          <ul>
            {report.approximations.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
});

const Result = memo(function Result({ summary }: { summary: ExportSummary }) {
  const t = useT();
  const flows = summary.files.length;
  const tests = String(summary.tests_replayed);
  if (summary.verified) {
    return (
      <p className="cf-export-result ok" data-testid="export-result">
        {flows === 1 ? t("export.doneOne", { tests }) : t("export.done", { flows: String(flows), tests })}
      </p>
    );
  }
  return (
    <div className="cf-export-result error" data-testid="export-result">
      <p>{t("export.failed", { flows: String(flows), folder: summary.folder })}</p>
      <ul>
        {summary.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
});
