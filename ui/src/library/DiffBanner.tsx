// The banner over the canvas while a version is compared with the draft.
import { memo, useMemo } from "react";
import { useT } from "../lib/i18n";
import { useStore } from "../store/store";

function DiffBannerView() {
  const t = useT();
  const diff = useStore((s) => s.diff);
  const counts = useMemo(() => {
    if (!diff) return null;
    const r = diff.result;
    const by = (c: string) => r.components.filter((x) => x.change === c).length;
    return { added: by("added"), removed: by("removed"), changed: by("changed"), moved: r.moved.length, exits: r.exits.length };
  }, [diff]);
  if (!diff || !counts) return null;
  return (
    <div className="cf-diff-banner" data-testid="diff-banner">
      <b>{t("diff.title", { n: diff.from })}</b>
      <span className="cf-diff-added">{t("diff.added", { n: counts.added })}</span>
      <span className="cf-diff-removed">{t("diff.removed", { n: counts.removed })}</span>
      <span className="cf-diff-changed">{t("diff.changed", { n: counts.changed })}</span>
      <span className="cf-diff-moved">{t("diff.moved", { n: counts.moved })}</span>
      <span className="cf-muted">{t("diff.exits", { n: counts.exits })}</span>
      <button type="button" className="cf-button" onClick={() => useStore.getState().setDiff(null)} data-testid="diff-close">
        {t("diff.close")}
      </button>
    </div>
  );
}

export const DiffBanner = memo(DiffBannerView);
