// The campaign view of an outbound dialer flow: a records table (add, remove, paste CSV), a run
// over the virtual clock, the attempts table (status, next attempt, agent and customer attempt
// numbers) and its export as CSV through the app's save dialog. The records are saved with the
// flow (the file's `campaign`, test data like `tests`): every change is one step of the
// document's undo. A flow without saved records shows the defaults of `defaultRecords`.
import { memo, useEffect, useMemo, useState } from "react";
import { create } from "zustand";
import type { AttemptRow } from "../engine-bindings/AttemptRow";
import type { CampaignRecord } from "../bindings/CampaignRecord";
import { CommitInput, nonEmpty, wholeNumber } from "../environment/CommitInput";
import { useT } from "../lib/i18n";
import { call } from "../lib/ipc/invoke";
import { errorMessage } from "../lib/i18n/errors";
import type { Doc } from "../store/ops";
import { useStore } from "../store/store";
import { defaultRecords, formatInputs, formatKeys, formatLegs, nextRecordId, parseInputs, parseKeys, parseLegs, recordsCsv } from "./records";

interface CampaignState {
  /** The flow the attempts are for (another flow starts without them). */
  flowId: string | null;
  rows: AttemptRow[] | null;
  running: boolean;
  /** The last command's failure, worded when shown (so it follows a change of language). */
  error: { failure: unknown } | null;
  /** Where the attempts table was exported (worded when shown). */
  exportedTo: string | null;
}

/** The campaign's result: transient view state (the records are in the document). */
export const useCampaign = create<CampaignState>()(() => ({ flowId: null, rows: null, running: false, error: null, exportedTo: null }));

/** The records of `doc`: those saved with the flow, else the defaults for its flow (an empty list
 * is not saved, so removing every record brings the defaults back). */
export function recordsOf(doc: Doc | null): CampaignRecord[] {
  if (!doc) return [];
  return doc.campaign && doc.campaign.length > 0 ? doc.campaign : defaultRecords(doc.flow);
}

/** Replaces the records of the open flow as one undoable edit of the document (no records:
 * no `campaign` key, as the file is written). */
export function setRecords(records: CampaignRecord[]) {
  useStore.getState().apply((d) => {
    if (records === d.campaign) return d;
    if (records.length > 0) return { ...d, campaign: records };
    if (d.campaign === undefined) return d;
    const { campaign: _c, ...rest } = d;
    return rest;
  });
}

function setRecord(i: number, patch: Partial<CampaignRecord>) {
  const records = recordsOf(useStore.getState().doc).slice();
  if (!records[i]) return;
  records[i] = { ...records[i]!, ...patch };
  setRecords(records);
}

export async function runCampaign(): Promise<AttemptRow[] | null> {
  const doc = useStore.getState().doc;
  if (!doc) return null;
  useCampaign.setState({ running: true, error: null, exportedTo: null });
  try {
    const rows = await call("run_campaign", { file: doc, records: recordsOf(doc) });
    useCampaign.setState({ rows, running: false });
    return rows;
  } catch (err) {
    useCampaign.setState({ running: false, error: { failure: err } });
    return null;
  }
}

async function exportCsv() {
  const { rows } = useCampaign.getState();
  const doc = useStore.getState().doc;
  if (!rows || !doc) return;
  try {
    const path = await call("export_campaign_csv", { rows, suggestedName: `${doc.flow.id}-attempts.csv` });
    if (path) useCampaign.setState({ exportedTo: path, error: null });
  } catch (err) {
    useCampaign.setState({ error: { failure: err } });
  }
}

function Records() {
  const t = useT();
  const saved = useStore((s) => s.doc?.campaign);
  const flow = useStore((s) => s.doc?.flow);
  const records = useMemo(() => (saved && saved.length > 0 ? saved : defaultRecords(flow)), [saved, flow]);
  const canUndo = useStore((s) => s.past.length > 0);
  const canRedo = useStore((s) => s.future.length > 0);
  const [csv, setCsv] = useState<string | null>(null);
  const applyCsv = async () => {
    if (csv === null) return;
    try {
      const parsed = await call("parse_campaign_records", { csv });
      setRecords(parsed);
      useCampaign.setState({ error: null });
      setCsv(null);
    } catch (err) {
      useCampaign.setState({ error: { failure: err } });
    }
  };
  return (
    <section className="cf-env-section cf-campaign-records" data-testid="campaign-records">
      <h4>
        {t("campaign.records")}{" "}
        <button type="button" className="cf-button cf-small" onClick={() => setRecords([...records, { id: nextRecordId(records), phone: "+420601000099", start_minute: 0, agent: [], customer: [], keys: {}, inputs: {} }])} data-testid="campaign-add-record">
          + {t("campaign.addRecord")}
        </button>{" "}
        <button type="button" className="cf-button cf-small" onClick={() => setCsv(csv === null ? recordsCsv(records) : null)} data-testid="campaign-paste-csv">
          {t("campaign.pasteCsv")}
        </button>{" "}
        <button type="button" className="cf-button cf-small" disabled={!canUndo} onClick={() => useStore.getState().undo()} title={t("campaign.undo")} data-testid="campaign-undo">
          ↶
        </button>
        <button type="button" className="cf-button cf-small" disabled={!canRedo} onClick={() => useStore.getState().redo()} title={t("campaign.redo")} data-testid="campaign-redo">
          ↷
        </button>
      </h4>
      {csv !== null && (
        <div className="cf-campaign-csv">
          <textarea className="cf-input cf-mono" rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} aria-label={t("campaign.pasteCsv")} data-testid="campaign-csv" />
          <div className="cf-inline">
            <button type="button" className="cf-button" onClick={() => void applyCsv()} data-testid="campaign-apply-csv">
              {t("campaign.applyCsv")}
            </button>
            <span className="cf-muted cf-small">{t("campaign.csvHint")}</span>
          </div>
        </div>
      )}
      <table className="cf-table">
        <thead>
          <tr>
            <th>{t("env.id")}</th>
            <th>{t("campaign.phone")}</th>
            <th>{t("campaign.start")}</th>
            <th>{t("campaign.agentLegs")}</th>
            <th>{t("campaign.customerLegs")}</th>
            <th>{t("campaign.keys")}</th>
            <th title={t("campaign.inputsHint")}>{t("campaign.inputs")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {records.map((r, i) => (
            <tr key={i} data-testid="campaign-record">
              <td>
                <CommitInput label={t("env.id")} value={r.id} parse={nonEmpty("invalid.recordId")} onCommit={(id: string) => setRecord(i, { id })} />
              </td>
              <td className="cf-wide-input">
                <CommitInput label={t("campaign.phone")} value={r.phone} onCommit={(phone: string) => setRecord(i, { phone: phone.trim() })} />
              </td>
              <td>
                <CommitInput label={t("campaign.start")} type="number" className="cf-env-num" value={String(r.start_minute)} parse={wholeNumber(0)} onCommit={(n: number) => setRecord(i, { start_minute: n })} />
              </td>
              <td className="cf-wide-input">
                <CommitInput label={t("campaign.agentLegs")} value={formatLegs(r.agent)} placeholder="answered" parse={parseLegs} onCommit={(agent: boolean[]) => setRecord(i, { agent })} />
              </td>
              <td className="cf-wide-input">
                <CommitInput label={t("campaign.customerLegs")} value={formatLegs(r.customer)} placeholder="answered" parse={parseLegs} onCommit={(customer: boolean[]) => setRecord(i, { customer })} />
              </td>
              <td className="cf-wide-input">
                <CommitInput label={t("campaign.keys")} value={formatKeys(r.keys)} parse={parseKeys} onCommit={(keys: CampaignRecord["keys"]) => setRecord(i, { keys })} />
              </td>
              <td className="cf-wide-input">
                <CommitInput label={t("campaign.inputs")} value={formatInputs(r.inputs)} placeholder={t("campaign.inputsPlaceholder")} parse={parseInputs} onCommit={(inputs: CampaignRecord["inputs"]) => setRecord(i, { inputs })} />
              </td>
              <td>
                <button type="button" className="cf-icon-button" aria-label={t("env.remove")} title={t("env.remove")} onClick={() => setRecords(records.filter((_, j) => j !== i))}>
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function minuteText(m: number | null): string {
  if (m === null) return "—";
  const d = Math.floor(m / 1440);
  const hh = String(Math.floor((m % 1440) / 60)).padStart(2, "0");
  const mm = String(m % 60).padStart(2, "0");
  return `${m} (${d > 0 ? `+${d}d ` : ""}${hh}:${mm})`;
}

function Attempts() {
  const t = useT();
  const rows = useCampaign((s) => s.rows);
  if (!rows) return <p className="cf-muted cf-small">{t("campaign.noAttempts")}</p>;
  return (
    <section className="cf-env-section" data-testid="campaign-attempts">
      <h4>
        {t("campaign.attempts")} <span className="cf-muted cf-small">{t("campaign.summary", { records: new Set(rows.map((r) => r.record)).size, attempts: rows.length })}</span>
      </h4>
      <table className="cf-table cf-attempts">
        <thead>
          <tr>
            <th>{t("campaign.record")}</th>
            <th>{t("campaign.attempt")}</th>
            <th>{t("campaign.minute")}</th>
            <th>{t("campaign.agentNo")}</th>
            <th>{t("campaign.customerNo")}</th>
            <th>{t("campaign.status")}</th>
            <th>{t("campaign.next")}</th>
            <th>{t("campaign.left")}</th>
            <th>{t("campaign.end")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="campaign-attempt" data-status={r.status}>
              <td className="cf-mono">{r.record}</td>
              <td>{r.attempt}</td>
              <td>{minuteText(r.minute)}</td>
              <td>{r.agent_attempt_no}</td>
              <td>{r.customer_attempt_no}</td>
              <td>
                <span className={`cf-status cf-status-${r.status}`}>{r.status.replace(/_/g, " ").toLowerCase()}</span>
              </td>
              <td>{minuteText(r.next_attempt_minute)}</td>
              <td>
                {r.agent_left}/{r.customer_left}
              </td>
              <td className="cf-small">{r.end.replace(/_/g, " ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function CampaignPanelView() {
  const t = useT();
  const flowType = useStore((s) => s.doc?.flow.type);
  const flowId = useStore((s) => s.doc?.flow.id ?? null);
  const running = useCampaign((s) => s.running);
  const hasRows = useCampaign((s) => s.rows !== null && s.rows.length > 0);
  const error = useCampaign((s) => s.error);
  const exportedTo = useCampaign((s) => s.exportedTo);
  useEffect(() => {
    if (useCampaign.getState().flowId !== flowId) useCampaign.setState({ flowId, rows: null, error: null, exportedTo: null });
  }, [flowId]);
  if (flowType !== "outbound_dialer") return <div className="cf-dock-body"><p className="cf-muted">{t("campaign.notDialer", { type: String(flowType ?? "").replace(/_/g, " ") })}</p></div>;
  return (
    <div className="cf-dock-body cf-campaign" data-testid="campaign-panel">
      <div className="cf-inline cf-dock-actions">
        <button type="button" className="cf-button primary" disabled={running} onClick={() => void runCampaign()} data-testid="campaign-run">
          {t("campaign.run")}
        </button>
        <button type="button" className="cf-button" disabled={!hasRows} onClick={() => void exportCsv()} data-testid="campaign-export">
          {t("campaign.export")}
        </button>
        {exportedTo && <span className="cf-muted" data-testid="campaign-notice">{t("campaign.exported", { path: exportedTo })}</span>}
      </div>
      {error && <div className="cf-field-msg error" data-testid="campaign-error">{errorMessage(error.failure)}</div>}
      <div className="cf-campaign-grid">
        <Records />
        <Attempts />
      </div>
    </div>
  );
}

export const CampaignPanel = memo(CampaignPanelView);
