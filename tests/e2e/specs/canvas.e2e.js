// The canvas: dragging from the palette, copy/paste between flows, readable zoom on open.
import { appReady, newFlow, nodeIds, screenshot, setLanguage } from "./helpers.js";

async function centre(el) {
  const loc = await el.getLocation();
  const size = await el.getSize();
  return { x: Math.round(loc.x + size.width / 2), y: Math.round(loc.y + size.height / 2) };
}

async function clickPane() {
  await $(".react-flow__pane").click({ x: -300, y: -200 });
}

/** Waits until the canvas view stops moving (the new flow's first fit, the canvas resized). */
async function settledView() {
  let last = null;
  await browser.waitUntil(
    async () => {
      const now = await browser.execute(() => document.querySelector(".react-flow__viewport")?.style.transform ?? "");
      const same = now === last;
      last = now;
      return same;
    },
    { timeout: 5000, interval: 300, timeoutMsg: "the canvas view kept moving" },
  );
}

/** The canvas zoom, read from the viewport transform. */
async function zoom() {
  return browser.execute(() => {
    const m = /scale\(([\d.]+)\)/.exec(document.querySelector(".react-flow__viewport").style.transform);
    return m ? Number(m[1]) : NaN;
  });
}

describe("the canvas", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
  });

  it("opens a flow at a zoom where the boxes can be read", async () => {
    // The app opened the most recent sample at start; all samples are wider than the canvas.
    await browser.waitUntil(async () => (await zoom()) >= 0.75, { timeout: 10000, timeoutMsg: "the flow opened zoomed out below 0.75" });
    // The entry component is in view, drawn in full (not the zoomed-out simple box).
    await browser.waitUntil(async () => (await $$(".react-flow__node .cf-node-summary").length) > 0, { timeout: 5000 });
  });

  it("adds a component by dragging it from the palette onto the canvas", async () => {
    await newFlow("Dragged");
    // The drop point is 180 px below the canvas centre: the bottom panel is collapsed to its tab
    // strip (Ctrl+J) so the dropped box lands well inside the view; the drag starts once the view has
    // settled (the new flow's first fit and the resize both move it).
    const panel = await $("[data-testid='bottom-panel']");
    await browser.keys(["Control", "j"]);
    await browser.waitUntil(async () => (await panel.getAttribute("data-collapsed")) === "true", { timeout: 3000, timeoutMsg: "Ctrl+J did not collapse the bottom panel" });
    // No click on the canvas first: the new flow's first fit must not wait for a change of its
    // boxes (it used to, and then moved the view just after the drop).
    await settledView();
    const item = await $(".cf-palette-item[data-kind='menu']");
    const from = await centre(item);
    const pane = await $(".react-flow__pane");
    const to = await centre(pane);
    // Below and right of the start box (a drop onto a box would place the new one below it).
    const drop = { x: to.x + 80, y: to.y + 180 };
    const steps = [];
    for (let i = 1; i <= 12; i++) {
      steps.push({ type: "pointerMove", duration: 25, x: Math.round(from.x + ((drop.x - from.x) * i) / 12), y: Math.round(from.y + ((drop.y - from.y) * i) / 12) });
    }
    await browser.performActions([
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [{ type: "pointerMove", duration: 0, x: from.x, y: from.y }, { type: "pointerDown", button: 0 }, ...steps, { type: "pointerUp", button: 0 }],
      },
    ]);
    await browser.releaseActions();
    await browser.waitUntil(async () => (await nodeIds()).includes("menu"), { timeout: 5000, timeoutMsg: "no menu after the drop" });
    // It landed where it was dropped, and stays there: its box starts near the drop point (120 px
    // left of it at zoom 1).
    const box = await $(".react-flow__node[data-id='menu']");
    await box.waitForDisplayed();
    await settledView();
    const at = await box.getLocation();
    const z = await zoom();
    expect(Math.abs(at.x - (drop.x - 120 * z))).toBeLessThan(60);
    expect(Math.abs(at.y - (drop.y - 30 * z))).toBeLessThan(60);
    // A press without a move is not a drag: nothing is added.
    await item.click();
    await browser.pause(300);
    expect((await nodeIds()).filter((id) => id.startsWith("menu"))).toHaveLength(1);
    await screenshot("15-palette-drag");
    await browser.keys(["Control", "j"]);
    await browser.waitUntil(async () => (await panel.getAttribute("data-collapsed")) === "false", { timeout: 3000, timeoutMsg: "Ctrl+J did not expand the bottom panel" });
  });

  it("copies components in one flow and pastes them into another", async () => {
    await newFlow("Copy source");
    await $(".cf-palette-item[data-kind='play_message']").click();
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await nodeIds()).includes("play_message"));
    await $(".cf-inspector [data-component='play_message']").waitForExist();
    // The new component is selected; copy it from the canvas.
    await clickPane();
    await $(".react-flow__node[data-id='play_message'] .cf-node-name").click();
    await $(".cf-inspector [data-component='play_message']").waitForExist();
    await browser.keys(["Control", "c"]);
    await browser.pause(100);

    await newFlow("Paste target");
    await clickPane();
    await browser.keys(["Control", "v"]);
    await browser.waitUntil(async () => (await nodeIds()).includes("play_message"), { timeout: 5000, timeoutMsg: "nothing was pasted into the other flow" });
    // Pasted in view, selected, and one undo step.
    await $(".react-flow__node[data-id='play_message']").waitForDisplayed();
    await $(".cf-inspector [data-component='play_message']").waitForExist();
    await clickPane();
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => !(await nodeIds()).includes("play_message"), { timeout: 5000, timeoutMsg: "undo did not remove the pasted component" });
  });
});
