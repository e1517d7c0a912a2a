// The dock under the canvas: the test runner, the environment editor and (for outbound dialer
// flows) the campaign view, as tabs. Opened from the toolbar's Tests button.
import { memo, useEffect } from "react";
import { CampaignPanel } from "../campaign/CampaignPanel";
import { EnvironmentEditor } from "../environment/EnvironmentEditor";
import { useT } from "../lib/i18n";
import { useStore } from "../store/store";
import { openTab, publish, useRunner, watchFlow, type DockTab } from "./runner";
import { TestsPanel } from "./TestsPanel";
import "./testing.css";

function DockView() {
  const t = useT();
  const tab = useRunner((s) => s.tab);
  const flowId = useStore((s) => s.doc?.flow.id ?? null);
  const components = useStore((s) => s.doc?.flow.components);
  const isDialer = useStore((s) => s.doc?.flow.type === "outbound_dialer");
  useEffect(() => watchFlow(flowId), [flowId]);
  // Marks name components of the document: redraw them when components come or go.
  useEffect(() => publish(), [components]);
  if (tab === null) return null;
  const tabs: DockTab[] = isDialer ? ["tests", "environment", "campaign"] : ["tests", "environment"];
  return (
    <section className="cf-dock" aria-label={t("dock.toggle")} data-testid="dock">
      <div className="cf-dock-tabs" role="tablist">
        {tabs.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={tab === x ? "active" : ""} onClick={() => openTab(x)} data-testid={`dock-tab-${x}`}>
            {t(`dock.${x}`)}
          </button>
        ))}
        <span className="cf-dock-spacer" />
        <button type="button" className="cf-icon-button" aria-label={t("dock.close")} title={t("dock.close")} onClick={() => openTab(null)} data-testid="dock-close">
          ×
        </button>
      </div>
      {tab === "tests" && <TestsPanel />}
      {tab === "environment" && <EnvironmentEditor />}
      {tab === "campaign" && (isDialer ? <CampaignPanel /> : <TestsPanel />)}
    </section>
  );
}

export const Dock = memo(DockView);
