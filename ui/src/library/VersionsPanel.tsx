// Versions of the open library flow: save with a message, compare with the draft, restore,
// publish the latest (refused with the reasons when it has errors).
import { memo, useEffect, useState } from "react";
import { useT } from "../lib/i18n";
import { call } from "../lib/ipc/invoke";
import { useStore } from "../store/store";
import type { VersionInfo } from "../store-bindings/VersionInfo";
import * as lib from "./library";
import { versionMessage } from "./notes";
import { notice } from "../shell/Toolbar";

function VersionsPanelView() {
  const t = useT();
  const id = useStore((s) => s.libraryId);
  const revision = useStore((s) => s.libraryRevision);
  const diff = useStore((s) => s.diff);
  const lang = useStore((s) => s.lang);
  const [versions, setVersions] = useState<VersionInfo[]>([]);
  const [message, setMessage] = useState("");

  useEffect(() => {
    if (!id) return;
    let live = true;
    call("library_versions", { id }).then(
      (list) => live && setVersions([...list].sort((a, b) => b.number - a.number)),
      () => live && setVersions([]),
    );
    return () => {
      live = false;
    };
  }, [id, revision]);

  if (!id) return null;

  const save = async () => {
    const n = await lib.saveVersion(message.trim() || t("versions.defaultMessage"));
    if (n !== null) {
      setMessage("");
      notice.set({ key: "versions.saved", params: { n } });
    }
  };

  const publish = async () => {
    const r = await lib.publishLatest();
    if (r.ok) notice.set({ key: "versions.publishedNotice", params: { n: r.version, warnings: r.warnings } });
  };

  return (
    <section className="cf-versions" data-testid="versions">
      <h4 className="cf-section">{t("versions.title")}</h4>
      <div className="cf-inline">
        <input
          className="cf-input cf-version-message"
          placeholder={t("versions.message")}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && void save()}
          data-testid="version-message"
        />
        <button type="button" className="cf-button primary" onClick={() => void save()} data-testid="save-version">
          {t("versions.save")}
        </button>
      </div>
      <div className="cf-inline cf-actions">
        <button type="button" className="cf-button" onClick={() => void publish()} disabled={versions.length === 0} data-testid="publish">
          {t("versions.publish")}
        </button>
      </div>
      <ul className="cf-version-list">
        {versions.length === 0 && <li className="cf-muted">{t("versions.none")}</li>}
        {versions.map((v) => (
          <li key={v.number} className={`cf-version${diff?.from === v.number ? " current" : ""}`} data-version={v.number}>
            <div>
              <b>v{v.number}</b> {v.published && <span className="cf-badge cf-badge-entry">{t("versions.live")}</span>} <span className="cf-version-text">{versionMessage(t, v)}</span>
            </div>
            <div className="cf-muted cf-small">
              {[v.author, new Date(v.created_at).toLocaleString(lang), t("inspector.components", { n: v.component_count })].filter(Boolean).join(" · ")}
            </div>
            <div className="cf-inline">
              <button type="button" className="cf-link" onClick={() => void lib.compareWithDraft(v.number)} data-testid="version-compare">
                {t("versions.compare")}
              </button>
              <button type="button" className="cf-link" onClick={() => void lib.restoreVersion(v.number)} data-testid="version-restore">
                {t("versions.restore")}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

export const VersionsPanel = memo(VersionsPanelView);
