// Overlays: Ctrl+K search, the shortcuts help, the new-flow dialog and the error dialog.
import { useEffect, useMemo, useRef, useState } from "react";
import type { FlowType } from "../bindings/FlowType";
import { useKindLabel, useT, type MessageKey, type Translate } from "../lib/i18n";
import { FindingText } from "../problems/FindingText";
import { describeError } from "../lib/ipc/invoke";
import { readDetail } from "../lib/i18n/readDetail";
import { errorText } from "../lib/i18n/errors";
import type { ReadError } from "../bindings/ReadError";
import type { AppError } from "../gen/AppError";
import * as actions from "../store/actions";
import { useStore } from "../store/store";

export function Overlays() {
  const overlay = useStore((s) => s.overlay);
  const error = useStore((s) => s.error);
  return (
    <>
      {overlay === "search" && <SearchOverlay />}
      {overlay === "help" && <HelpOverlay />}
      {overlay === "new" && <NewFlowDialog />}
      {error && <ErrorDialog />}
      <ConfirmDialog />
    </>
  );
}

function close() {
  useStore.getState().setOverlay("none");
}

function Modal({ children, label, onClose }: { children: React.ReactNode; label: string; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="cf-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="cf-modal" role="dialog" aria-modal="true" aria-label={label}>
        {children}
      </div>
    </div>
  );
}

function SearchOverlay() {
  const t = useT();
  const kindText = useKindLabel();
  const components = useStore((s) => s.doc?.flow.components);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const results = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q || !components) return [];
    const out: { id: string; name: string; kind: string; where: string }[] = [];
    for (const [id, c] of Object.entries(components)) {
      const config = JSON.stringify(c.config ?? {});
      if (c.name.toLowerCase().includes(q)) out.push({ id, name: c.name, kind: kindText(c.kind), where: "" });
      else if (id.toLowerCase().includes(q)) out.push({ id, name: c.name, kind: kindText(c.kind), where: id });
      else if (config.toLowerCase().includes(q)) {
        const i = config.toLowerCase().indexOf(q);
        out.push({ id, name: c.name, kind: kindText(c.kind), where: `…${config.slice(Math.max(0, i - 20), i + q.length + 20)}…` });
      }
      if (out.length >= 50) break;
    }
    return out;
  }, [query, components, kindText]);
  const go = (id: string) => {
    useStore.getState().focusOn(id);
    close();
  };
  return (
    <Modal label={t("toolbar.search")} onClose={close}>
      <input
        className="cf-input cf-search-input"
        autoFocus
        placeholder={t("search.placeholder")}
        value={query}
        data-testid="search-input"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, results.length - 1));
          if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          if (e.key === "Enter" && results[active]) go(results[active].id);
        }}
      />
      <ul className="cf-options cf-search-results">
        {query && results.length === 0 && <li className="cf-muted">{t("search.none")}</li>}
        {results.map((r, i) => (
          <li key={r.id} className={`cf-option${i === active ? " current" : ""}`} onClick={() => go(r.id)} onMouseEnter={() => setActive(i)}>
            <b>{r.name}</b> <span className="cf-muted">· {r.kind}</span>
            {r.where && <div className="cf-muted cf-mono cf-small">{r.where}</div>}
          </li>
        ))}
      </ul>
    </Modal>
  );
}

export const SHORTCUTS: [string, MessageKey][] = [
  ["Ctrl+Z", "help.undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "help.redo"],
  ["Delete / Backspace", "help.delete"],
  ["Ctrl+C", "help.copy"],
  ["Ctrl+V", "help.paste"],
  ["Ctrl+D", "help.duplicate"],
  ["Ctrl+A", "help.selectAll"],
  ["Ctrl+K", "help.search"],
  ["Ctrl+L", "help.layout"],
  ["Ctrl+0", "help.fit"],
  ["Ctrl+J", "help.panel"],
  ["Ctrl+S", "help.save"],
  ["Ctrl+O", "help.open"],
  ["Shift+click / Shift+drag", "help.multi"],
  ["⟶", "help.connect"],
  ["F1 / ?", "help.help"],
  ["Esc", "help.escape"],
];

function HelpOverlay() {
  const t = useT();
  return (
    <Modal label={t("help.title")} onClose={close}>
      <h2>{t("help.title")}</h2>
      <table className="cf-shortcuts" data-testid="help">
        <tbody>
          {SHORTCUTS.map(([keys, key]) => (
            <tr key={key}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(key)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="cf-button" onClick={close}>
        {t("help.close")}
      </button>
    </Modal>
  );
}

function NewFlowDialog() {
  const t = useT();
  const [name, setName] = useState(() => t("app.untitled"));
  const [type, setType] = useState<FlowType>("inbound");
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.select(), []);
  const create = () => {
    close();
    void actions.newFlow(name.trim() || t("app.untitled"), type);
  };
  return (
    <Modal label={t("new.title")} onClose={close}>
      <h2>{t("new.title")}</h2>
      <div className="cf-field">
        <label className="cf-field-label">{t("new.name")}</label>
        <input ref={ref} className="cf-input" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === "Enter" && create()} data-testid="new-name" />
      </div>
      <div className="cf-field">
        <label className="cf-field-label">{t("new.type")}</label>
        <select className="cf-input" value={type} onChange={(e) => setType(e.target.value as FlowType)}>
          {(["inbound", "outbound_dialer", "module", "reusable_queue_flow"] as FlowType[]).map((ft) => (
            <option key={ft} value={ft}>
              {t(`flowType.${ft}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="cf-inline cf-actions">
        <button type="button" className="cf-button primary" onClick={create} data-testid="new-create">
          {t("new.create")}
        </button>
        <button type="button" className="cf-button" onClick={close}>
          {t("new.cancel")}
        </button>
      </div>
    </Modal>
  );
}

function ConfirmDialog() {
  const t = useT();
  const [, rerender] = useState(0);
  useEffect(() => {
    const listener = () => rerender((n) => n + 1);
    actions.confirmRequest.listeners.add(listener);
    return () => void actions.confirmRequest.listeners.delete(listener);
  }, []);
  const request = actions.confirmRequest.current;
  if (!request) return null;
  const answer = (ok: boolean) => {
    actions.confirmRequest.current = null;
    request.resolve(ok);
    rerender((n) => n + 1);
  };
  return (
    <Modal label={t("new.discardTitle")} onClose={() => answer(false)}>
      <h2>{t("new.discardTitle")}</h2>
      <p>{request.message}</p>
      <div className="cf-inline cf-actions">
        <button type="button" className="cf-button danger" onClick={() => answer(true)} data-testid="confirm-yes">
          {t("new.discardYes")}
        </button>
        <button type="button" className="cf-button" autoFocus onClick={() => answer(false)} data-testid="confirm-no">
          {t("new.cancel")}
        </button>
      </div>
    </Modal>
  );
}

/** The reader's detail, in the UI's language when it is a sentence `readDetail` knows. */
function ReadDetail({ message }: { message: string }) {
  const { text, lang } = readDetail(useStore((s) => s.lang), message);
  return <span lang={lang}>{text}</span>;
}

function ErrorDialog() {
  const t = useT();
  const lang = useStore((s) => s.lang);
  const error = useStore((s) => s.error)!;
  const dismiss = () => useStore.getState().setError(null);
  const readError = error.type === "read" ? error.error : error.type === "store" ? error.report.read_error : undefined;
  // The message in the UI's language where it can be worded; the full English text, as the
  // command line would print it, stays below whenever the one above is not it.
  const message = error.type === "read" ? null : errorText(lang, error);
  // The findings that stopped a publish or a run, to click through to their boxes.
  const diagnostics = error.type === "store" ? (error.report.diagnostics ?? []) : error.type === "cannot_run" ? error.diagnostics : [];
  return (
    <Modal label={t("error.title")} onClose={dismiss}>
      <div className="cf-error" data-testid="error-dialog">
        <h2 data-testid="error-kind">{errorHeading(t, error)}</h2>
        {message && (
          <p data-testid="error-message" lang={message.lang}>
            {message.text}
          </p>
        )}
        {readError && <ReadErrorDetails error={readError} />}
        {(message === null || message.lang !== "en") && <pre className="cf-error-full" lang="en">{describeError(error)}</pre>}
        {diagnostics.length > 0 && (
          <>
            <h3>{t("error.diagnostics")}</h3>
            <ul className="cf-problem-list" data-testid="error-diagnostics">
              {diagnostics.map((d, i) => (
                <li
                  key={i}
                  className={`cf-problem ${d.severity}`}
                  onClick={() => {
                    useStore.getState().setError(null);
                    if (d.component) useStore.getState().focusOn(d.component);
                  }}
                >
                  <span className={`cf-sev ${d.severity}`}>●</span>
                  <span className="cf-code">{d.code}</span>
                  <span className="cf-where">{d.component ?? ""}</span>
                  <FindingText d={d} />
                </li>
              ))}
            </ul>
          </>
        )}
        <button type="button" className="cf-button primary" onClick={dismiss} data-testid="error-close">
          {t("error.close")}
        </button>
      </div>
    </Modal>
  );
}

function errorHeading(t: Translate, error: AppError): string {
  switch (error.type) {
    case "store":
      return t(`storeError.${error.report.kind}`);
    case "read":
      return t("error.readTitle");
    case "file":
      return t("error.fileTitle");
    case "connect":
      return t("error.connectTitle");
    case "cannot_run":
      return t("error.cannotRun", { count: error.diagnostics.length });
    default:
      return t("error.title");
  }
}

/** Where a file could not be read and why: the file, line and column, JSON path and the
 * reader's kind of error, worded in the UI's language. */
function ReadErrorDetails({ error }: { error: ReadError }) {
  const t = useT();
  return (
    <dl className="cf-error-details">
      <dt>{t("error.file")}</dt>
      <dd className="cf-mono" data-testid="error-file">
        {error.file}
      </dd>
      {error.position && (
        <>
          <dt>{t("error.where")}</dt>
          <dd className="cf-mono" data-testid="error-position">
            {error.position.line}:{error.position.column}
          </dd>
        </>
      )}
      {error.json_path && (
        <>
          <dt>{t("error.path")}</dt>
          <dd className="cf-mono" data-testid="error-path">
            {error.json_path}
          </dd>
        </>
      )}
      <dt>{t("error.kind")}</dt>
      <dd data-testid="error-reason">
        <span className="cf-read-kind" data-testid="error-read-kind">
          {t(`readError.${error.kind}`)}
        </span>{" "}
        <ReadDetail message={error.message} />
      </dd>
    </dl>
  );
}
