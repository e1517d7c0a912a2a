import { memo, useEffect, useState } from "react";
import type { SampleFlow } from "../gen/SampleFlow";
import { canvasApi } from "../canvas/api";
import { useT, type Message } from "../lib/i18n";
import { call } from "../lib/ipc/invoke";
import * as actions from "../store/actions";
import * as ops from "../store/ops";
import { selectDirty, useStore } from "../store/store";
import { toggleTab, usePanel } from "../panel/panel";
import { openExportDialog } from "../export/ExportDialog";

/** Shows a short notice under the toolbar for a few seconds (worded when shown, so it follows a
 * change of language). */
export const notice = { set: (_message: Message) => {} };

/** What a save or export says it did. */
export function savedNotice(result: NonNullable<actions.Notice>): Message {
  const key = result.kind === "saved" ? "toolbar.saved" : result.kind === "draft" ? "toolbar.draftSaved" : "toolbar.exported";
  return { key, params: { path: result.path } };
}

function ToolbarView() {
  const t = useT();
  const name = useStore((s) => s.doc?.flow.name ?? "");
  const dirty = useStore(selectDirty);
  const canUndo = useStore((s) => s.past.length > 0);
  const canRedo = useStore((s) => s.future.length > 0);
  const layingOut = useStore((s) => s.layingOut);
  const lang = useStore((s) => s.lang);
  const libraryAvailable = useStore((s) => s.libraryAvailable);
  const testsOpen = usePanel((s) => s.active === "tests" && !s.collapsed);
  const [samples, setSamples] = useState<SampleFlow[]>([]);
  const [message, setMessage] = useState<Message | null>(null);

  // The samples menu is for working without a library (with one, the samples are in it).
  useEffect(() => {
    if (libraryAvailable === false) call("sample_flows").then(setSamples, () => setSamples([]));
  }, [libraryAvailable]);

  useEffect(() => {
    notice.set = (next: Message) => {
      setMessage(next);
      window.setTimeout(() => setMessage((m) => (m === next ? null : m)), 5000);
    };
  }, []);

  const onSave = async (exportAs: boolean) => {
    const result = exportAs ? await actions.exportFlow() : await actions.save();
    if (result) notice.set(savedNotice(result));
  };

  return (
    <header className="cf-toolbar" data-testid="toolbar">
      <span className="cf-brand">{t("app.title")}</span>
      {/* The unsaved marker sits inside the name field's end: the first edit does not re-flow the toolbar. */}
      <span className="cf-flow-name-wrap">
        <input
          className="cf-input cf-flow-name"
          value={name}
          aria-label={t("toolbar.flowName")}
          onChange={(e) => useStore.getState().apply((d) => ops.setFlowName(d, e.target.value))}
          data-testid="flow-name"
        />
        {dirty && (
          <span className="cf-dirty" title={t("toolbar.unsaved")} data-testid="dirty">
            ●
          </span>
        )}
      </span>
      <div className="cf-toolbar-group">
        <button type="button" className="cf-button" onClick={() => useStore.getState().setOverlay("new")} data-testid="new">
          {t("toolbar.new")}
        </button>
        <button type="button" className="cf-button" onClick={() => void actions.importFlow()} data-testid="import">
          {t("toolbar.open")}
        </button>
        {!libraryAvailable && <select
          className="cf-input cf-samples"
          value=""
          aria-label={t("toolbar.samples")}
          onChange={(e) => e.target.value && void actions.openSample(e.target.value)}
          data-testid="samples"
        >
          <option value="">{t("toolbar.samples")}…</option>
          {samples.map((s) => (
            <option key={s.name} value={s.name}>
              {s.file.flow.name}
            </option>
          ))}
        </select>}
        <button type="button" className="cf-button" onClick={() => void onSave(false)} data-testid="save">
          {t("toolbar.save")}
        </button>
        <button type="button" className="cf-button" onClick={() => void onSave(true)} data-testid="export">
          {t("toolbar.export")}
        </button>
        {/* A narrow companion of Export…: the toolbar fits one row at 1280 px. */}
        <button
          type="button"
          className="cf-button cf-export-more"
          onClick={openExportDialog}
          title={t("toolbar.exportDialog")}
          aria-label={t("toolbar.exportDialog")}
          data-testid="export-dialog-button"
        >
          ▾
        </button>
      </div>
      <div className="cf-toolbar-group">
        <button type="button" className="cf-button" disabled={!canUndo} onClick={() => useStore.getState().undo()} title="Ctrl+Z" data-testid="undo">
          ↶ {t("toolbar.undo")}
        </button>
        <button type="button" className="cf-button" disabled={!canRedo} onClick={() => useStore.getState().redo()} title="Ctrl+Shift+Z" data-testid="redo">
          ↷ {t("toolbar.redo")}
        </button>
      </div>
      <div className="cf-toolbar-group">
        <button type="button" className="cf-button" disabled={layingOut} aria-busy={layingOut} onClick={() => void actions.autoLayout()} title="Ctrl+L" data-testid="layout">
          {layingOut ? t("toolbar.layingOut") : t("toolbar.layout")}
        </button>
        <button type="button" className="cf-button" onClick={() => canvasApi.current?.fit()} title="Ctrl+0" data-testid="fit">
          {t("toolbar.fit")}
        </button>
        <button
          type="button"
          className="cf-button"
          onClick={() => {
            const at = canvasApi.current?.center() ?? { x: 0, y: 0 };
            let id = "";
            useStore.getState().apply((d) => {
              const r = ops.addNote(d, "", at);
              id = r.id;
              return r.doc;
            });
            useStore.getState().select([id]);
          }}
        >
          {t("toolbar.note")}
        </button>
        <button type="button" className="cf-button" aria-pressed={testsOpen} onClick={() => toggleTab("tests")} title={t("dock.toggle")} data-testid="tests-button">
          {t("dock.tests")}
        </button>
        <button type="button" className="cf-button" onClick={() => useStore.getState().setOverlay("search")} title="Ctrl+K" data-testid="search">
          {t("toolbar.search")}
        </button>
        <button type="button" className="cf-button" onClick={() => useStore.getState().setOverlay("help")} title="F1" data-testid="help-button">
          ?
        </button>
        <select className="cf-input cf-lang" value={lang} aria-label={t("toolbar.language")} onChange={(e) => useStore.getState().setLang(e.target.value as "en" | "cs")} data-testid="lang">
          <option value="en">EN</option>
          <option value="cs">CS</option>
        </select>
      </div>
      {/* Over the top of the canvas, not in the row: a notice never re-flows the toolbar. */}
      {message && (
        <span className="cf-notice" role="status" data-testid="notice">
          {t(message.key, message.params)}
        </span>
      )}
    </header>
  );
}

export const Toolbar = memo(ToolbarView);
