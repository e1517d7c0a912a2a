// The README's tour screenshot: the inbound support sample as it opens (at a readable zoom,
// from its entry), with the main menu selected.
import path from "node:path";
import { appReady, paintedTheme, repo, screenshot, screenshotTo, setLanguage, settle, typeText } from "./helpers.js";

describe("the README tour", () => {
  it("saves a screenshot of the main window", async () => {
    await appReady();
    await setLanguage("en");
    await $("[data-testid='tab-library']").click();
    const sample = await $(".cf-library-item[data-flow='inbound_support'] .cf-library-open");
    await sample.waitForExist({ timeout: 10000 });
    await sample.click();
    await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()) .startsWith("Inbound support line"));
    await $("[data-testid='tab-components']").click();
    // Select the business hours check through the search (Ctrl+K), which centres it.
    await browser.keys(["Control", "k"]);
    await $("[data-testid='search-input']").waitForDisplayed();
    await typeText("Opening hours");
    await browser.keys("Enter");
    await $(".cf-inspector [data-component='hours']").waitForExist({ timeout: 5000 });
    await $(".react-flow__node[data-id='hours'] .cf-node.selected").waitForExist({ timeout: 5000 });
    await browser.pause(500);
    await settle();
    // The suite's desktop theme is light (specs-dark/ checks the dark one).
    const theme = await paintedTheme();
    expect(theme.prefersDark).toBe(false);
    expect(theme.panel).toBeGreaterThan(0.8);
    await screenshot("00-main-window");
    await screenshotTo(path.join(repo, "docs/screenshot-main.png"));
  });
});
