// The export dialog: this flow into a folder picked in the (scripted) dialog, the verification
// message, the overwrite question, SVG and PNG pictures of the whole flow, and that exporting an
// unchanged flow again gives the same bytes (a diff shows only what changed).
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, appReady, artifacts, discardIfAsked, repo, screenshot, setLanguage, typeText } from "./helpers.js";

const SAMPLE = path.join(repo, "flows/inbound-support.callflow.json");

function freshDir(name) {
  const dir = path.join(artifacts, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function only(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".callflow.json"));
  expect(files.length).toBe(1);
  return path.join(dir, files[0]);
}

async function openDialog() {
  await $("[data-testid='export-dialog-button']").click();
  await $("[data-testid='export-dialog']").waitForDisplayed({ timeout: 5000 });
}

/** Imports `file` as an Amazon Connect flow through the export dialog (the open flow is replaced:
 * discarded after a question when it is a file with unsaved changes). */
async function importConnect(file) {
  await openDialog();
  answerNextDialog(file);
  await $("[data-testid='connect-import']").click();
  await discardIfAsked();
}

async function resultText() {
  const result = await $("[data-testid='export-result']");
  await result.waitForDisplayed({ timeout: 30000 });
  return result.getText();
}

describe("export dialog", () => {
  const sample = JSON.parse(fs.readFileSync(SAMPLE, "utf8"));

  before(async () => {
    await appReady();
    await setLanguage("en");
    answerNextDialog(SAMPLE);
    await $("[data-testid='import']").click();
    await discardIfAsked();
    await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()) === sample.flow.name, { timeout: 10000 });
  });

  it("exports this flow, verifies it and says how many test calls replayed", async () => {
    const dir = freshDir("export-a");
    await openDialog();
    await screenshot("40-export-dialog");
    answerNextDialog(dir);
    await $("[data-testid='export-run']").click();
    const text = await resultText();
    expect(text).toBe(`1 flow exported, ${sample.tests.length} test calls replayed, paths identical.`);
    await screenshot("41-export-verified");
    // Unchanged flow, every part included: the very bytes of the canonical sample.
    expect(fs.readFileSync(only(dir), "utf8")).toBe(fs.readFileSync(SAMPLE, "utf8"));
  });

  it("asks before overwriting, and writes only when told to", async () => {
    const dir = path.join(artifacts, "export-a");
    const file = only(dir);
    fs.writeFileSync(file, "changed by hand\n");
    answerNextDialog(dir);
    await $("[data-testid='export-run']").click();
    const question = await $("[data-testid='export-overwrite']");
    await question.waitForDisplayed({ timeout: 10000 });
    expect(await question.getText()).toContain(path.basename(file));
    await screenshot("42-export-overwrite");
    expect(fs.readFileSync(file, "utf8")).toBe("changed by hand\n");
    await $("[data-testid='export-overwrite-yes']").click();
    expect(await resultText()).toContain("paths identical");
    expect(fs.readFileSync(file, "utf8")).toBe(fs.readFileSync(SAMPLE, "utf8"));
  });

  it("saves the whole flow as SVG and PNG", async () => {
    // Not ASCII: the path travels beside the picture's bytes in a request header.
    const svgPath = path.join(artifacts, "export-obrázek.svg");
    const pngPath = path.join(artifacts, "export-flow.png");
    fs.rmSync(svgPath, { recursive: true, force: true });
    fs.rmSync(pngPath, { recursive: true, force: true });
    answerNextDialog(svgPath);
    await $("[data-testid='export-svg']").click();
    await browser.waitUntil(() => fs.existsSync(svgPath), { timeout: 10000, timeoutMsg: "no SVG written" });
    const svg = fs.readFileSync(svgPath, "utf8");
    const parsed = await browser.execute((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      return { error: doc.querySelector("parsererror") !== null, boxes: doc.querySelectorAll("g.component").length, root: doc.documentElement.nodeName };
    }, svg);
    expect(parsed.error).toBe(false);
    expect(parsed.root).toBe("svg");
    expect(parsed.boxes).toBe(Object.keys(sample.flow.components).length);

    answerNextDialog(pngPath);
    await $("[data-testid='export-png']").click();
    await browser.waitUntil(() => fs.existsSync(pngPath), { timeout: 20000, timeoutMsg: "no PNG written" });
    const png = fs.readFileSync(pngPath);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(20000);
    await browser.waitUntil(async () => (await $("[data-testid='export-picture-result']").getText()).includes(pngPath), { timeout: 5000, timeoutMsg: "the dialog did not say where the PNG was saved" });
    await screenshot("43-export-pictures");

    // Cancelled in the save dialog: nothing drawn, nothing said, the buttons usable again.
    const written = fs.statSync(pngPath).mtimeMs;
    answerNextDialog("");
    await $("[data-testid='export-png']").click();
    await browser.waitUntil(async () => !(await $("[data-testid='export-picture-result']").isExisting()) && (await $("[data-testid='export-png']").isEnabled()), { timeout: 5000, timeoutMsg: "a cancelled picture left a message or disabled buttons" });
    expect(fs.statSync(pngPath).mtimeMs).toBe(written);
  });

  it("a changed setting is the only difference between two exports", async () => {
    fs.writeFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, ""); // nothing left over from a failed step
    await $("[data-testid='export-close']").click();
    await $("[data-testid='export-dialog']").waitForDisplayed({ reverse: true });
    const name = await $("[data-testid='flow-name']");
    await name.click();
    await browser.keys("End");
    await typeText(" 2");
    const dir = freshDir("export-b");
    await openDialog();
    answerNextDialog(dir);
    await $("[data-testid='export-run']").click();
    expect(await resultText()).toContain("paths identical");
    const before = fs.readFileSync(SAMPLE, "utf8").split("\n");
    const after = fs.readFileSync(only(dir), "utf8").split("\n");
    expect(after.length).toBe(before.length);
    const changed = after.map((line, i) => [before[i], line]).filter(([a, b]) => a !== b);
    expect(changed).toEqual([[`    "name": ${JSON.stringify(sample.flow.name)},`, `    "name": ${JSON.stringify(`${sample.flow.name} 2`)},`]]);
    await $("[data-testid='export-close']").click();
  });

  it("a moved box changes only its position in the next export", async () => {
    const box = await $(".react-flow__node[data-id='start']");
    await box.waitForDisplayed({ timeout: 5000 });
    const loc = await box.getLocation();
    const size = await box.getSize();
    const from = { x: Math.round(loc.x + size.width / 2), y: Math.round(loc.y + size.height / 2) };
    const steps = [];
    for (let i = 1; i <= 10; i++) steps.push({ type: "pointerMove", duration: 25, x: from.x + 6 * i, y: from.y + 3 * i });
    await browser.performActions([
      {
        type: "pointer",
        id: "mouse",
        parameters: { pointerType: "mouse" },
        actions: [{ type: "pointerMove", duration: 0, x: from.x, y: from.y }, { type: "pointerDown", button: 0 }, ...steps, { type: "pointerUp", button: 0 }],
      },
    ]);
    await browser.releaseActions();
    await browser.waitUntil(async () => (await box.getLocation()).x > loc.x + 20, { timeout: 5000, timeoutMsg: "the box did not move" });

    const dir = freshDir("export-c");
    await openDialog();
    answerNextDialog(dir);
    await $("[data-testid='export-run']").click();
    expect(await resultText()).toContain("paths identical");
    await $("[data-testid='export-close']").click();
    const before = fs.readFileSync(only(path.join(artifacts, "export-b")), "utf8");
    const after = fs.readFileSync(only(dir), "utf8");
    const [a, b] = [JSON.parse(before), JSON.parse(after)];
    expect(b.flow).toEqual(a.flow); // the logic is untouched
    expect(b.tests).toEqual(a.tests);
    const moved = Object.keys(b.layout.components).filter((id) => JSON.stringify(b.layout.components[id]) !== JSON.stringify(a.layout.components[id]));
    expect(moved).toEqual(["start"]);
    const lines = [before.split("\n"), after.split("\n")];
    const changed = lines[1].filter((line, i) => line !== lines[0][i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((line) => /^\s+"[xy]": -?[\d.]+,?$/.test(line))).toBe(true);
  });

  it("imports a public Amazon Connect flow with its report, and exports it back", async () => {
    fs.writeFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, "");
    const fixture = path.join(repo, "crates/interchange/tests/fixtures/bankid_auth.json");
    const out = path.join(artifacts, "bankid.connect.json");
    fs.rmSync(out, { force: true });
    await importConnect(fixture);
    const report = await $("[data-testid='connect-report']");
    await report.waitForDisplayed({ timeout: 10000 });
    expect(await report.getText()).toContain("Imported 9 components from 14 Amazon Connect actions");
    const gaps = await browser.execute(() => [...document.querySelectorAll("[data-testid='connect-gap']")].map((li) => li.textContent));
    expect(gaps.length).toBe(6);
    expect(gaps.some((g) => g.includes("InvokeLambdaFunction") && g.includes("2367a288-95db-4535-ad4f-7d70be3636a9"))).toBe(true);
    await browser.waitUntil(async () => (await $$(".react-flow__node[data-id]").length) >= 10, { timeout: 10000, timeoutMsg: "imported components on the canvas" });
    await screenshot("44-connect-import");

    answerNextDialog(out);
    await $("[data-testid='connect-export']").click();
    await browser.waitUntil(() => fs.existsSync(out), { timeout: 10000, timeoutMsg: "no Connect JSON written" });
    const connect = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(connect.Version).toBe("2019-10-30");
    expect(connect.StartAction).toBe("17403bfb-420b-4fa5-bb53-8a7fdf9da0e8");
    // The file is written before the reply reaches the dialog.
    await browser.waitUntil(async () => (await report.getText()).includes("written as Amazon Connect actions"), { timeout: 10000 });
    expect(await report.getText()).toContain("9 components written as Amazon Connect actions");
    expect(await report.getText()).toContain("Everything mapped.");
    await $("[data-testid='export-close']").click();
  });

  it("says in Czech why a file is not an Amazon Connect flow, and keeps the open flow", async () => {
    const bad = path.join(artifacts, "not-connect.json");
    fs.writeFileSync(bad, "[1]");
    const before = await $("[data-testid='flow-name']").getValue();
    await setLanguage("cs");
    try {
      await importConnect(bad);
      const report = await $("[data-testid='connect-report']");
      await browser.waitUntil(async () => (await report.isDisplayed()) && (await report.getText()).includes("nelze importovat"), { timeout: 10000, timeoutMsg: "no refusal shown" });
      // The refusal is an error, not a report: nothing says the flow mapped.
      expect(await $("[data-testid='connect-error']").getText()).toBe(`Tok Amazon Connect ${bad} nelze importovat: není to tok Amazon Connect: nejvyšší úroveň není objekt JSON.`);
      expect(await report.getText()).not.toContain("Vše se podařilo převést");
      await screenshot("45-connect-refused-cs");
      await $("[data-testid='export-close']").click();
      expect(await $("[data-testid='flow-name']").getValue()).toBe(before);
    } finally {
      await setLanguage("en");
    }
  });
});
