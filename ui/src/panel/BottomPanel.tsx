//! The one panel under the canvas (as in VS Code): a strip of tabs (Problems, Debug, Tests,
//! Environment, Campaign) showing one tab's content at a time, resized by dragging its top edge
//! and collapsed to the strip with its toggle or Ctrl+J.
import { memo, useCallback, useEffect, useMemo, useRef, type ComponentType, type KeyboardEvent, type PointerEvent, type RefObject } from "react";
import { DebugMiniBar, DebugShortcuts, Debugger } from "../debugger/Debugger";
import { useDebug } from "../debugger/session";
import { useT } from "../lib/i18n";
import { Problems, ProblemsBadge } from "../problems/Problems";
import { useStore } from "../store/store";
import { CampaignTab, DockWatcher, EnvironmentTab, TestsTab } from "../testing/Dock";
import { clampHeight, resolveActive, setHeight, showTab, tabAvailable, togglePanel, usePanel, type PanelTabId, type TabContext } from "./panel";
import "./panel.css";

/** One tab of the panel: its label's message key, an optional live badge, and its content. */
interface PanelTabDef {
  id: PanelTabId;
  label: "problems.title" | "debug.toggle" | "dock.tests" | "dock.environment" | "dock.campaign";
  Badge?: ComponentType;
  Content: ComponentType;
}

/** The registry: strip order; which tabs exist at a moment is `tabAvailable`'s business. */
const TABS: readonly PanelTabDef[] = [
  { id: "problems", label: "problems.title", Badge: ProblemsBadge, Content: Problems },
  { id: "debug", label: "debug.toggle", Content: Debugger },
  { id: "tests", label: "dock.tests", Content: TestsTab },
  { id: "environment", label: "dock.environment", Content: EnvironmentTab },
  { id: "campaign", label: "dock.campaign", Content: CampaignTab },
];

/** Keyboard steps of the splitter (px). */
const KEY_STEP = 16;

const TabButton = memo(function TabButton({ def, selected }: { def: PanelTabDef; selected: boolean }) {
  const t = useT();
  const { Badge } = def;
  return (
    <button
      type="button"
      role="tab"
      id={`panel-tab-${def.id}`}
      aria-selected={selected}
      aria-controls="panel-body"
      className={selected ? "active" : ""}
      onClick={() => showTab(def.id)}
      data-testid={`panel-tab-${def.id}`}
    >
      {t(def.label)}
      {Badge && <Badge />}
    </button>
  );
});

/** The drag handle on the panel's top edge (pointer capture, so a fast drag never loses it). */
const Splitter = memo(function Splitter({ panel }: { panel: RefObject<HTMLElement | null> }) {
  const t = useT();
  const height = usePanel((s) => s.height);
  const column = () => panel.current?.parentElement?.clientHeight ?? window.innerHeight;
  const onPointerDown = useCallback(
    (e: PointerEvent<HTMLDivElement>) => {
      const el = panel.current;
      if (!el || e.button !== 0) return;
      e.preventDefault();
      const handle = e.currentTarget;
      handle.setPointerCapture(e.pointerId);
      const startY = e.clientY;
      const startHeight = el.getBoundingClientRect().height;
      const centre = el.parentElement?.clientHeight ?? window.innerHeight;
      let last = startHeight;
      document.body.classList.add("cf-resizing");
      const move = (ev: globalThis.PointerEvent) => {
        last = clampHeight(startHeight + startY - ev.clientY, centre);
        setHeight(last, false);
      };
      const up = () => {
        handle.removeEventListener("pointermove", move);
        handle.removeEventListener("pointerup", up);
        handle.removeEventListener("pointercancel", up);
        document.body.classList.remove("cf-resizing");
        setHeight(last, true);
      };
      handle.addEventListener("pointermove", move);
      handle.addEventListener("pointerup", up);
      handle.addEventListener("pointercancel", up);
    },
    [panel],
  );
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === "ArrowUp" ? KEY_STEP : e.key === "ArrowDown" ? -KEY_STEP : 0;
    if (!step) return;
    e.preventDefault();
    setHeight(clampHeight(usePanel.getState().height + step, column()), true);
  };
  return (
    <div
      className="cf-splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t("panel.resize")}
      aria-valuenow={height}
      title={t("panel.resize")}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      data-testid="panel-splitter"
    />
  );
});

/** Brings the Debug tab forward when a session opens, or when the engine stops for a decision or
 *  at a breakpoint (a supervisor stepping from the Tests tab sees what needs answering). */
function useDebugFocus() {
  useEffect(
    () =>
      useDebug.subscribe((s, prev) => {
        if (s.open && !prev.open) showTab("debug");
        else if (s.open && s.view && s.view !== prev.view && (s.view.pending || s.hit !== null)) showTab("debug");
      }),
    [],
  );
}

function BottomPanelView() {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  const debugging = useDebug((s) => s.open);
  const dialer = useStore((s) => s.doc?.flow.type === "outbound_dialer");
  const chosen = usePanel((s) => s.active);
  const previous = usePanel((s) => s.previous);
  const collapsed = usePanel((s) => s.collapsed);
  const height = usePanel((s) => s.height);
  const ctx: TabContext = useMemo(() => ({ debugging, dialer }), [debugging, dialer]);
  const active = resolveActive(chosen, previous, ctx);
  const Content = TABS.find((d) => d.id === active)?.Content ?? Problems;
  useDebugFocus();
  return (
    <section
      ref={ref}
      className={`cf-bottom${collapsed ? " collapsed" : ""}`}
      style={collapsed ? undefined : { height }}
      aria-label={t("panel.label")}
      data-testid="bottom-panel"
      data-active={active}
      data-collapsed={collapsed ? "true" : "false"}
    >
      {!collapsed && <Splitter panel={ref} />}
      <div className="cf-bottom-tabs" role="tablist" aria-label={t("panel.label")}>
        {TABS.filter((d) => tabAvailable(d.id, ctx)).map((d) => (
          <TabButton key={d.id} def={d} selected={d.id === active} />
        ))}
        <span className="cf-bottom-spacer" />
        {active !== "debug" && <DebugMiniBar />}
        <button
          type="button"
          className="cf-icon-button cf-quiet cf-bottom-toggle"
          onClick={togglePanel}
          title={t(collapsed ? "panel.expand" : "panel.collapse")}
          aria-label={t(collapsed ? "panel.expand" : "panel.collapse")}
          aria-expanded={!collapsed}
          data-testid="panel-collapse"
        >
          {collapsed ? "▴" : "▾"}
        </button>
      </div>
      {!collapsed && (
        <div className="cf-bottom-body" role="tabpanel" id="panel-body" aria-labelledby={`panel-tab-${active}`}>
          <Content />
        </div>
      )}
      <DockWatcher />
      <DebugShortcuts />
    </section>
  );
}

export const BottomPanel = memo(BottomPanelView);
