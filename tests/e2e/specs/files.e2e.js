// Import and export through the (scripted) file dialogs, with the reader's errors in full.
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, appReady, artifacts, discardIfAsked, repo, screenshot, setLanguage, typeText } from "./helpers.js";

/** Imports `file` through the (scripted) dialog and waits for the error dialog. */
async function importBadFile(file) {
  answerNextDialog(file);
  await $("[data-testid='import']").click();
  await discardIfAsked();
  const dialog = await $("[data-testid='error-dialog']");
  await dialog.waitForDisplayed({ timeout: 10000 });
  return dialog;
}

describe("flow files", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
  });

  it("shows a bad file's error in full: file, line:column, JSON path, message", async () => {
    const bad = path.join(artifacts, "bad.callflow.json");
    const good = fs.readFileSync(path.join(repo, "flows/inbound-support.callflow.json"), "utf8");
    const broken = good.replace(/"kind": "menu"/, '"kind": "teleport"');
    expect(broken).not.toBe(good);
    fs.writeFileSync(bad, broken);
    const line = broken.split("\n").findIndex((l) => l.includes('"teleport"')) + 1;
    const dialog = await importBadFile(bad);
    expect(await $("[data-testid='error-file']").getText()).toBe(bad);
    expect(await $("[data-testid='error-position']").getText()).toMatch(new RegExp(`^${line}:\\d+$`));
    expect(await $("[data-testid='error-path']").getText()).toMatch(/^flow\.components\.[a-z_0-9]+\.kind$/);
    expect(await $("[data-testid='error-reason']").getText()).toContain("unknown variant `teleport`");
    expect(await $("[data-testid='error-read-kind']").getText()).toBe("A value in the file does not fit the flow format.");
    await screenshot("10-bad-file");
    await $("[data-testid='error-close']").click();
    await dialog.waitForDisplayed({ reverse: true });
    // In Czech the heading and serde's sentence are Czech; the names in it stay as in the file.
    await setLanguage("cs");
    await importBadFile(bad);
    expect(await $("[data-testid='error-read-kind']").getText()).toBe("Hodnota v souboru neodpovídá formátu toku.");
    expect(await $("[data-testid='error-reason']").getText()).toContain("neznámá hodnota `teleport`; povolené jsou `start`");
    await screenshot("10b-bad-file-cs");
    await $("[data-testid='error-close']").click();
    await dialog.waitForDisplayed({ reverse: true });
    await setLanguage("en");
  });

  it("imports a sample and exports it byte for byte as the deterministic writer wrote it", async () => {
    const source = path.join(repo, "flows/inbound-support.callflow.json");
    const out = path.join(artifacts, "inbound-support.export.callflow.json");
    fs.rmSync(out, { force: true });
    answerNextDialog(source);
    await $("[data-testid='import']").click();
    await discardIfAsked();
    const expectedName = JSON.parse(fs.readFileSync(source, "utf8")).flow.name;
    await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()) === expectedName, { timeout: 10000 });
    await browser.waitUntil(async () => (await browser.getTitle()).startsWith(expectedName), { timeoutMsg: "window title shows the flow" });
    await screenshot("11-imported-sample");
    answerNextDialog(out);
    await $("[data-testid='export']").click();
    await browser.waitUntil(() => fs.existsSync(out), { timeout: 10000, timeoutMsg: "export wrote nothing" });
    expect(fs.readFileSync(out, "utf8")).toBe(fs.readFileSync(source, "utf8"));
    // A place the system refuses: the file and the kind of refusal, in Czech.
    await setLanguage("cs");
    try {
      const nowhere = path.join(artifacts, "no-such-folder", "x.callflow.json");
      answerNextDialog(nowhere);
      await $("[data-testid='export']").click();
      const dialog = await $("[data-testid='error-dialog']");
      await dialog.waitForDisplayed({ timeout: 10000 });
      expect(await $("[data-testid='error-kind']").getText()).toBe("Systém odmítl operaci se souborem");
      expect(await $("[data-testid='error-message']").getText()).toBe(`Soubor ${nowhere} nelze zapsat: soubor nebo složka neexistuje.`);
      await screenshot("11b-export-refused-cs");
      await $("[data-testid='error-close']").click();
      await dialog.waitForDisplayed({ reverse: true });
    } finally {
      await setLanguage("en");
    }
  });

  it("marks unsaved changes in the window title until the draft is saved", async () => {
    const out = path.join(artifacts, "inbound-support.v2.callflow.json");
    const name = await $("[data-testid='flow-name']");
    await name.click();
    await browser.keys("End");
    await typeText(" v2");
    await browser.waitUntil(async () => (await browser.getTitle()).startsWith("● "), { timeoutMsg: "no unsaved marker" });
    await $("[data-testid='dirty']").waitForExist({ timeout: 5000, timeoutMsg: "no unsaved marker in the window" });
    await $("[data-testid='save']").click();
    await browser.waitUntil(async () => !(await browser.getTitle()).startsWith("● "), { timeoutMsg: "the marker stayed after saving" });
    answerNextDialog(out);
    await $("[data-testid='export']").click();
    await browser.waitUntil(() => fs.existsSync(out), { timeout: 10000 });
    expect(JSON.parse(fs.readFileSync(out, "utf8")).flow.name).toMatch(/ v2$/);
  });
});
