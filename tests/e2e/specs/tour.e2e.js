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
    // The clean sample's Problems panel has nothing to show: fold it to its strip, so the canvas
    // shows the flow as it opens (readable zoom, from the entry) down to its third row.
    await $("[data-testid='panel-collapse']").click();
    await $(".cf-bottom.collapsed").waitForExist({ timeout: 5000 });
    // Select the business hours check with a click, which leaves the view where it is.
    await $(".react-flow__node[data-id='hours'] .cf-node-head, .react-flow__node[data-id='hours']").click();
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
    // The panel's state outlives the session: unfold it for the specs that follow.
    await $("[data-testid='panel-collapse']").click();
    await $(".cf-bottom:not(.collapsed)").waitForExist({ timeout: 5000 });
  });
});
