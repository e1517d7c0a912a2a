import { describe, expect, it } from "vitest";
import { clampHeight, COMFORTABLE_HEIGHT, DEFAULT_HEIGHT, MIN_HEIGHT, resolveActive, tabAvailable, withTab, withToggledTab, type PanelState } from "./panel";

const base: PanelState = { active: "problems", previous: "problems", collapsed: false, height: 240 };

describe("splitter clamping", () => {
  it("keeps the panel between the minimum and 70% of the centre column", () => {
    expect(clampHeight(50, 700)).toBe(MIN_HEIGHT);
    expect(clampHeight(300.4, 700)).toBe(300);
    expect(clampHeight(600, 700)).toBe(490);
  });
  it("keeps the minimum when the column is tiny, and a default for a nonsense height", () => {
    expect(clampHeight(400, 100)).toBe(MIN_HEIGHT);
    expect(clampHeight(Number.NaN, 1000)).toBe(DEFAULT_HEIGHT);
    expect(clampHeight(Number.NaN, 200)).toBe(140);
  });
});

describe("the tab model", () => {
  it("has Debug only while debugging and Campaign only for dialer flows", () => {
    expect(tabAvailable("debug", { debugging: false, dialer: false })).toBe(false);
    expect(tabAvailable("debug", { debugging: true, dialer: false })).toBe(true);
    expect(tabAvailable("campaign", { debugging: false, dialer: false })).toBe(false);
    expect(tabAvailable("campaign", { debugging: false, dialer: true })).toBe(true);
    expect(tabAvailable("tests", { debugging: false, dialer: false })).toBe(true);
  });
  it("falls back to the previous tab, then Problems, when the shown tab goes away", () => {
    expect(resolveActive("debug", "tests", { debugging: false, dialer: false })).toBe("tests");
    expect(resolveActive("campaign", "debug", { debugging: false, dialer: false })).toBe("problems");
    expect(resolveActive("debug", "tests", { debugging: true, dialer: false })).toBe("debug");
  });
  it("shows a tab, expanding a collapsed panel and remembering the tab it replaced", () => {
    const s = withTab({ ...base, active: "debug", collapsed: true }, "tests");
    expect(s).toMatchObject({ active: "tests", previous: "debug", collapsed: false });
    expect(withTab(s, "tests")).toBe(s);
    expect(withTab({ ...s, collapsed: true }, "tests").collapsed).toBe(false);
  });
  it("grows the panel for a tab that needs room, never shrinking it", () => {
    expect(withTab({ ...base, height: 240 }, "debug").height).toBe(COMFORTABLE_HEIGHT.debug);
    expect(withTab({ ...base, height: 500 }, "debug").height).toBe(500);
    expect(withTab({ ...base, height: 240 }, "tests").height).toBe(240);
  });
  it("toggles a tab back to the one it replaced (the toolbar's Tests button)", () => {
    const opened = withToggledTab({ ...base, active: "debug" }, "tests");
    expect(opened).toMatchObject({ active: "tests", previous: "debug" });
    expect(withToggledTab(opened, "tests")).toMatchObject({ active: "debug", previous: "tests" });
    // A tab that replaced itself returns to Problems rather than staying.
    expect(withToggledTab({ ...base, active: "tests", previous: "tests" }, "tests").active).toBe("problems");
    // On a collapsed panel the toggle shows the tab instead of leaving it.
    expect(withToggledTab({ ...base, active: "tests", collapsed: true }, "tests")).toMatchObject({ active: "tests", collapsed: false });
  });
});
