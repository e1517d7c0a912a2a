// The bottom panel under the canvas: the splitter resizes it within its limits and remembers the
// height, the toggle collapses it to its tab strip, and the Problems counts stay in the tab label.
import { appReady, screenshot, setLanguage } from "./helpers.js";

async function panelHeight() {
  return browser.execute(() => document.querySelector("[data-testid='bottom-panel']").getBoundingClientRect().height);
}

async function dragSplitter(dy) {
  const handle = await $("[data-testid='panel-splitter']");
  const loc = await handle.getLocation();
  const size = await handle.getSize();
  const x = Math.round(loc.x + size.width / 2);
  const y = Math.round(loc.y + size.height / 2);
  // The pointer stays inside the 800 px window (WebDriver refuses moves outside it).
  const to = Math.min(795, Math.max(5, y + dy));
  await browser.performActions([
    {
      type: "pointer",
      id: "mouse",
      parameters: { pointerType: "mouse" },
      actions: [
        { type: "pointerMove", duration: 0, x, y },
        { type: "pointerDown", button: 0 },
        { type: "pointerMove", duration: 100, x, y: Math.round((y + to) / 2) },
        { type: "pointerMove", duration: 100, x, y: to },
        { type: "pointerUp", button: 0 },
      ],
    },
  ]);
  await browser.releaseActions();
}

describe("the bottom panel", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
  });

  it("resizes with its top edge between 120 px and 70% of the column, and remembers the height", async () => {
    const column = await browser.execute(() => document.querySelector(".cf-center").getBoundingClientRect().height);
    const start = await panelHeight();
    await dragSplitter(-100);
    await browser.waitUntil(async () => Math.abs((await panelHeight()) - (start + 100)) <= 3, { timeout: 3000, timeoutMsg: "the drag did not make the panel 100 px taller" });
    expect(Number(await browser.execute(() => localStorage.getItem("cf.panel.height")))).toBe(Math.round(await panelHeight()));
    await dragSplitter(-800);
    await browser.waitUntil(async () => Math.abs((await panelHeight()) - Math.round(column * 0.7)) <= 3, { timeout: 3000, timeoutMsg: "the panel grew past 70% of the column" });
    await dragSplitter(800);
    await browser.waitUntil(async () => Math.abs((await panelHeight()) - 120) <= 3, { timeout: 3000, timeoutMsg: "the panel shrank below 120 px" });
    await dragSplitter(-(start - 120));
    await browser.waitUntil(async () => Math.abs((await panelHeight()) - start) <= 3, { timeout: 3000, timeoutMsg: "the panel did not return to its first height" });
  });

  it("collapses to its tab strip and back, keeping the Problems counts in the tab label", async () => {
    const open = await panelHeight();
    await $("[data-testid='panel-tab-tests']").click();
    await $("[data-testid='tests-panel']").waitForDisplayed();
    // The counts are in the Problems tab even while the Tests tab shows.
    const counts = await $("[data-testid='panel-tab-problems'] [data-testid='problem-count']");
    expect(await counts.getAttribute("data-errors")).toMatch(/^\d+$/);
    await $("[data-testid='panel-collapse']").click();
    await browser.waitUntil(async () => (await panelHeight()) < 50, { timeout: 3000, timeoutMsg: "the panel did not collapse" });
    expect(await $("[data-testid='tests-panel']").isExisting()).toBe(false);
    expect(await $("[data-testid='panel-tab-tests']").isDisplayed()).toBe(true);
    await screenshot("panel-01-collapsed");
    await $("[data-testid='panel-collapse']").click();
    await browser.waitUntil(async () => Math.abs((await panelHeight()) - open) <= 3, { timeout: 3000, timeoutMsg: "the panel did not expand to its height" });
    await $("[data-testid='tests-panel']").waitForDisplayed();
    await $("[data-testid='panel-tab-problems']").click();
    await $("[data-testid='problems']").waitForDisplayed();
  });
});
