// The README's tour screenshot: the callback offer sample, a component selected.
import path from "node:path";
import { appReady, repo, screenshot, setLanguage, settle, typeText } from "./helpers.js";

describe("the README tour", () => {
  it("saves a screenshot of the main window", async () => {
    await appReady();
    await setLanguage("en");
    await $("[data-testid='tab-library']").click();
    const sample = await $(".cf-library-item[data-flow='callback_offer'] .cf-library-open");
    await sample.waitForExist({ timeout: 10000 });
    await sample.click();
    await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()).length > 0);
    await $("[data-testid='tab-components']").click();
    await $("[data-testid='fit']").click();
    await browser.pause(600);
    // Zoom onto the first queue through the search (Ctrl+K), which selects and centres it.
    const queue = await browser.execute(() => {
      for (const kind of ["assignment_dial", "menu", "callback", "collect_digits"]) {
        const el = document.querySelector(`.react-flow__node .cf-node[data-kind='${kind}'] .cf-node-name`);
        if (el) return el.textContent;
      }
      return null;
    });
    if (queue) {
      await browser.keys(["Control", "k"]);
      await $("[data-testid='search-input']").waitForDisplayed();
      await typeText(queue);
      await browser.keys("Enter");
      await browser.pause(700);
    }
    await settle();
    await screenshot("00-main-window");
    await browser.saveScreenshot(path.join(repo, "docs/screenshot-main.png"));
  });
});
