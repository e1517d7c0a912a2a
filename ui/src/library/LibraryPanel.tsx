// The flow library: search, open, create, rename, duplicate, delete.
import { memo, useEffect, useState } from "react";
import { useT } from "../lib/i18n";
import { Icon } from "../lib/icons";
import { call } from "../lib/ipc/invoke";
import { useStore } from "../store/store";
import type { FlowSummary } from "../store-bindings/FlowSummary";
import * as lib from "./library";

function LibraryPanelView() {
  const t = useT();
  const revision = useStore((s) => s.libraryRevision);
  const current = useStore((s) => s.libraryId);
  const [query, setQuery] = useState("");
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [name, setName] = useState("");

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      call("library_list", { query: { text: query.trim() || null, kind: null, phone: null, queue: null, trash: false } }).then(
        (list) => live && setFlows([...list].sort((a, b) => a.name.localeCompare(b.name))),
        () => live && setFlows([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, revision]);

  return (
    <div className="cf-library" data-testid="library">
      <div className="cf-inline cf-library-head">
        <input className="cf-input" type="search" placeholder={t("library.search")} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="library-search" />
        <button type="button" className="cf-button" onClick={() => useStore.getState().setOverlay("new")} title={t("toolbar.new")}>
          +
        </button>
      </div>
      <ul className="cf-library-list">
        {flows.length === 0 && <li className="cf-muted cf-panel-pad">{t("library.empty")}</li>}
        {flows.map((f) => (
          <li key={f.id} className={`cf-library-item${f.id === current ? " current" : ""}`} data-flow={f.id}>
            {renaming === f.id ? (
              <input
                className="cf-input"
                autoFocus
                value={name}
                onChange={(e) => setName(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    void lib.renameFlow(f.id, name.trim() || f.name);
                    setRenaming(null);
                  }
                  if (e.key === "Escape") setRenaming(null);
                }}
                onBlur={() => setRenaming(null)}
                data-testid="library-rename-input"
              />
            ) : (
              <button type="button" className="cf-library-open" onClick={() => void lib.openFlow(f.id)} title={f.id}>
                <span className="cf-library-name">{f.name}</span>
                <span className="cf-muted cf-small">
                  {t(`flowType.${f.flow_type}`)} · {t("inspector.components", { n: f.component_count })}
                  {f.latest_version ? ` · v${f.latest_version.number}` : ""}
                </span>
                <span className="cf-library-badges">
                  {f.published_version !== null && <span className="cf-badge cf-badge-entry">{t("library.published", { n: f.published_version })}</span>}
                  {f.draft_invalid && <span className="cf-badge cf-badge-error">!</span>}
                </span>
              </button>
            )}
            <span className="cf-library-actions">
              <button type="button" className="cf-icon-button cf-quiet" title={t("library.rename")} aria-label={t("library.rename")} onClick={() => { setName(f.name); setRenaming(f.id); }} data-testid="library-rename">
                <Icon name="pencil" />
              </button>
              <button type="button" className="cf-icon-button cf-quiet" title={t("library.duplicate")} aria-label={t("library.duplicate")} onClick={() => void lib.duplicateFlow(f.id)} data-testid="library-duplicate">
                <Icon name="copy" />
              </button>
              <button type="button" className="cf-icon-button" title={t("library.delete")} aria-label={t("library.delete")} onClick={() => void lib.deleteFlow(f.id)} data-testid="library-delete">
                <Icon name="trash" />
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const LibraryPanel = memo(LibraryPanelView);
