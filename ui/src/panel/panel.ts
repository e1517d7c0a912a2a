//! The bottom panel's view state and its pure rules: which tabs exist, which one shows, how tall
//! the panel is and whether it is collapsed to its tab strip.
// A tiny store of its own rather than a slice of the app store: this is pure view state (never
// saved in the document, never undone), and keeping it out of the app store means a drag of the
// splitter does not notify the app store's many subscribers on every pointer move.
import { create } from "zustand";

/** The tabs the bottom panel can show, in strip order. */
export const PANEL_TABS = ["problems", "debug", "tests", "environment", "campaign"] as const;
export type PanelTabId = (typeof PANEL_TABS)[number];

/** The smallest height a dragged panel keeps (px), and the largest share of the centre column. */
export const MIN_HEIGHT = 120;
export const MAX_SHARE = 0.7;
export const DEFAULT_HEIGHT = 240;
/** Tabs that need more room than the default to be usable grow the panel to this when they come
 * forward (never shrinking it; the user's own height stays stored): the debugger shows a dial pad,
 * the call state and the timeline side by side. */
export const COMFORTABLE_HEIGHT: Partial<Record<PanelTabId, number>> = { debug: 400 };
const HEIGHT_KEY = "cf.panel.height";

/** A height the panel may take in a centre column `centre` px tall. */
export function clampHeight(height: number, centre: number): number {
  const max = Math.max(MIN_HEIGHT, Math.round(centre * MAX_SHARE));
  if (!Number.isFinite(height)) return Math.min(DEFAULT_HEIGHT, max);
  return Math.round(Math.min(max, Math.max(MIN_HEIGHT, height)));
}

/** What decides which tabs exist: a debug session is open, the flow is an outbound dialer. */
export interface TabContext {
  debugging: boolean;
  dialer: boolean;
}

/** Whether a tab is in the strip in the given context. */
export function tabAvailable(tab: PanelTabId, ctx: TabContext): boolean {
  if (tab === "debug") return ctx.debugging;
  if (tab === "campaign") return ctx.dialer;
  return true;
}

/** The tab to draw: the chosen one while it exists, else the one before it, else Problems. */
export function resolveActive(active: PanelTabId, previous: PanelTabId, ctx: TabContext): PanelTabId {
  if (tabAvailable(active, ctx)) return active;
  if (tabAvailable(previous, ctx)) return previous;
  return "problems";
}

export interface PanelState {
  active: PanelTabId;
  /** The tab shown before `active`: where toggling a tab off returns to. */
  previous: PanelTabId;
  collapsed: boolean;
  height: number;
}

/** Shows a tab (expanding the panel); the tab it replaces is remembered. */
export function withTab(s: PanelState, tab: PanelTabId): PanelState {
  if (s.active === tab) return s.collapsed ? { ...s, collapsed: false } : s;
  const height = Math.max(s.height, COMFORTABLE_HEIGHT[tab] ?? 0);
  return { ...s, active: tab, previous: s.active, collapsed: false, height };
}

/** A toolbar button's toggle: shows its tab, or, when it is already showing, returns to the previous tab. */
export function withToggledTab(s: PanelState, tab: PanelTabId): PanelState {
  if (s.active === tab && !s.collapsed) return { ...s, active: s.previous === tab ? "problems" : s.previous, previous: tab };
  return withTab(s, tab);
}

function storedHeight(): number {
  try {
    const raw = globalThis.localStorage?.getItem(HEIGHT_KEY);
    const n = raw ? Number(raw) : NaN;
    return Number.isFinite(n) && n >= MIN_HEIGHT ? n : DEFAULT_HEIGHT;
  } catch {
    return DEFAULT_HEIGHT;
  }
}

export const usePanel = create<PanelState>(() => ({ active: "problems", previous: "problems", collapsed: false, height: storedHeight() }));

export function showTab(tab: PanelTabId) {
  usePanel.setState((s) => withTab(s, tab));
}

export function toggleTab(tab: PanelTabId) {
  usePanel.setState((s) => withToggledTab(s, tab));
}

/** Collapses the panel to its tab strip or expands it again (Ctrl+J). */
export function togglePanel() {
  usePanel.setState((s) => ({ collapsed: !s.collapsed }));
}

/** Sets the height (already clamped by the caller); `remember` stores it for the next start. */
export function setHeight(height: number, remember: boolean) {
  usePanel.setState({ height });
  if (!remember) return;
  try {
    globalThis.localStorage?.setItem(HEIGHT_KEY, String(height));
  } catch {
    // A webview without storage keeps the height for this session only.
  }
}
