// The test runner's part of the bottom panel: keeps the runner watching the open flow (mounted
// whichever tab is shown) and the Tests / Environment / Campaign tab contents.
import { memo, useEffect } from "react";
import { CampaignPanel } from "../campaign/CampaignPanel";
import { EnvironmentEditor } from "../environment/EnvironmentEditor";
import { useStore } from "../store/store";
import { publish, watchFlow } from "./runner";
import { TestsPanel } from "./TestsPanel";
import "./testing.css";

/** Keeps the runner in step with the open flow; draws nothing. */
export const DockWatcher = memo(function DockWatcher() {
  const flowId = useStore((s) => s.doc?.flow.id ?? null);
  const components = useStore((s) => s.doc?.flow.components);
  const lang = useStore((s) => s.lang);
  useEffect(() => watchFlow(flowId), [flowId]);
  // Marks name components of the document and are worded in the UI's language: redraw them when
  // components come or go, or the language changes.
  useEffect(() => publish(), [components, lang]);
  return null;
});

export const TestsTab = memo(function TestsTab() {
  return <TestsPanel />;
});

export const EnvironmentTab = memo(function EnvironmentTab() {
  return <EnvironmentEditor />;
});

export const CampaignTab = memo(function CampaignTab() {
  return <CampaignPanel />;
});
