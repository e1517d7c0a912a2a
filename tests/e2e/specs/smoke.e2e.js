import fs from "node:fs";
import { appReady, childPidsOf, newFlow, nodeIds, screenshot, setLanguage } from "./helpers.js";

describe("the app window", () => {
  it("starts with the catalog from Rust and a sample flow open", async () => {
    await appReady();
    await setLanguage("en");
    // The palette lists every catalog kind (the catalog comes from the `catalog` command).
    const kinds = await $$(".cf-palette-item").length;
    expect(kinds).toBe(30);
    expect(await browser.getTitle()).toContain("Callflow Studio");
    // The page runs without JavaScriptCore's top compiler tier and with its collector in mini mode
    // (src-tauri/src/web_engine.rs): the options reach the web process through the environment it
    // inherits from the app.
    const environments = childPidsOf("WebKitWebProcess").map((pid) => fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0"));
    expect(environments.length).toBeGreaterThan(0);
    for (const vars of environments) expect(vars).toEqual(expect.arrayContaining(["JSC_useFTLJIT=false", "JSC_forceMiniVMMode=true"]));
    await screenshot("01-sample-open");
  });

  it("creates a new flow through Rust and adds a component from the palette", async () => {
    await newFlow("E2E smoke");
    expect(await nodeIds()).toEqual(["start"]);
    await browser.waitUntil(async () => (await browser.getTitle()).includes("E2E smoke"));
    const item = await $(".cf-palette-item[data-kind='play_message']");
    await item.doubleClick();
    await browser.waitUntil(async () => (await nodeIds()).includes("play_message"));
    await screenshot("02-new-flow");
  });
});
