// The flow library: samples in a fresh library, versions, diff, restore, publish, rename.
import { appReady, newFlow, nodeIds, screenshot, setLanguage, typeText } from "./helpers.js";

async function flows() {
  return browser.execute(() => [...document.querySelectorAll(".cf-library-item")].map((e) => e.getAttribute("data-flow")));
}

async function clickPane() {
  await $(".react-flow__pane").click({ x: -300, y: -200 });
}

describe("the flow library", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
  });

  it("holds the sample flows on first start", async () => {
    await $("[data-testid='tab-library']").click();
    await browser.waitUntil(async () => (await flows()).length >= 5, { timeoutMsg: "the samples were not imported" });
    expect(await flows()).toContain("inbound_support");
    await screenshot("12-library");
  });

  it("creates a flow, saves a version, edits, compares and restores", async () => {
    await newFlow("Versioned flow");
    await browser.waitUntil(async () => (await flows()).includes("versioned-flow") || (await flows()).some((f) => f.startsWith("versioned")));
    await clickPane();
    const message = await $("[data-testid='version-message']");
    await message.click();
    await typeText("first");
    await $("[data-testid='save-version']").click();
    await $(".cf-version[data-version='1']").waitForExist({ timeout: 5000 });

    // Edit: add two components; the draft autosaves.
    await $(".cf-palette-item[data-kind='play_message']").waitForExist().catch(() => {});
    await $("[data-testid='tab-components']").click();
    await $(".cf-palette-item[data-kind='play_message']").click();
    await browser.keys("Enter");
    await $(".cf-palette-item[data-kind='hang_up']").click();
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await nodeIds()).length === 3);
    await browser.waitUntil(async () => !(await browser.getTitle()).startsWith("● "), { timeout: 5000, timeoutMsg: "the draft was not autosaved" });

    // Compare version 1 with the draft: two added components, coloured.
    await clickPane();
    await $(".cf-version[data-version='1'] [data-testid='version-compare']").click();
    await $("[data-testid='diff-banner']").waitForDisplayed();
    expect(await $("[data-testid='diff-banner'] .cf-diff-added").getText()).toBe("2 added");
    await browser.waitUntil(async () => (await $$(".cf-node.diff-added").length) === 2,
      { timeout: 5000, timeoutMsg: "the two added components are not coloured on the canvas" });
    await screenshot("13-diff");
    await $("[data-testid='diff-close']").click();

    // Restore version 1: back to the entry component only.
    await $(".cf-version[data-version='1'] [data-testid='version-restore']").click();
    await browser.waitUntil(async () => (await nodeIds()).length === 1, { timeoutMsg: "restore did not bring version 1 back" });

    // The edited draft was kept as version 2, in the words of the UI's language.
    const kept = await $(".cf-version[data-version='2'] .cf-version-text");
    await kept.waitForExist({ timeout: 5000, timeoutMsg: "the unsaved draft was not kept as version 2" });
    expect(await kept.getText()).toBe("Unsaved draft, kept before restoring version 1");
    await setLanguage("cs");
    await browser.waitUntil(async () => (await kept.getText()) === "Neuložený koncept, zachovaný před obnovením verze 1", {
      timeoutMsg: "the kept draft's message is not in Czech",
    });
    await setLanguage("en");
  });

  it("refuses to publish a version with errors, and says why", async () => {
    await clickPane();
    await $("[data-testid='publish']").click();
    await $("[data-testid='error-dialog']").waitForDisplayed();
    await $("[data-testid='error-diagnostics']").waitForDisplayed();
    expect(await $("[data-testid='error-diagnostics']").getText()).toContain("CF0106");
    expect(await $("[data-testid='error-kind']").getText()).toBe("The flow cannot be published while it has errors.");
    await screenshot("14-publish-refused");
    await $("[data-testid='error-close']").click();
    // In Czech the library's reason is worded in Czech; its English text stays below.
    await setLanguage("cs");
    await $("[data-testid='publish']").click();
    await $("[data-testid='error-dialog']").waitForDisplayed();
    expect(await $("[data-testid='error-kind']").getText()).toBe("Tok s chybami nelze publikovat.");
    expect(await $("[data-testid='error-message']").getText()).toMatch(/^Verzi \d+ toku `[^`]+` nelze publikovat: obsahuje \d+ chyb/);
    expect(await $(".cf-error-full").getText()).toMatch(/^cannot publish version \d+ of `[^`]+`/);
    await screenshot("14b-publish-refused-cs");
    await $("[data-testid='error-close']").click();
    await setLanguage("en");
  });

  it("renames and duplicates a flow", async () => {
    await $("[data-testid='tab-library']").click();
    const current = await $(".cf-library-item.current");
    await current.$("[data-testid='library-rename']").click();
    const input = await $("[data-testid='library-rename-input']");
    await browser.execute((el) => el.select(), input);
    await typeText("Renamed flow");
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()) === "Renamed flow");
    // The list reloads after the rename: wait for it before counting.
    await $("//*[contains(@class, 'cf-library-item') and contains(@class, 'current')][contains(., 'Renamed flow')]").waitForExist({ timeout: 5000 });
    const before = (await flows()).length;
    await $(".cf-library-item.current [data-testid='library-duplicate']").click();
    await browser.waitUntil(async () => (await flows()).length === before + 1);
  });
});
