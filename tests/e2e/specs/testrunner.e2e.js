// The test runner, environment editor and campaign view in the real window, on the samples:
// run every saved test call of the inbound support line (all pass), break one by re-wiring a
// menu key in the inspector and see the first difference marked on the canvas, the coverage
// overlay, "Generate tests for all paths" (undoable), edit an agent and undo it, then run the OTP
// campaign and export its attempts table as CSV. Also measures the #6 budget: running all test
// calls of every sample through the app's command path.
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, appReady, artifacts, openLibraryFlow, openSendTo, screenshot, setLanguage, typeText } from "./helpers.js";

const node = (id) => $(`.react-flow__node[data-id='${id}']`);

/** Selects and centres a component through the search (Ctrl+K), wherever the view is. */
async function focusComponent(name, id) {
  await browser.keys(["Control", "k"]);
  await $("[data-testid='search-input']").waitForDisplayed();
  await typeText(name);
  await browser.keys("Enter");
  await $(`.cf-inspector [data-component='${id}']`).waitForExist({ timeout: 5000 });
  await browser.pause(400);
}

async function testStates() {
  return browser.execute(() => [...document.querySelectorAll("[data-testid='test-row']")].map((r) => r.getAttribute("data-state")));
}

async function runAll() {
  await $("[data-testid='tests-run-all']").click();
  await $("[data-testid='tests-summary']").waitForExist({ timeout: 20000 });
  await browser.waitUntil(async () => !(await testStates()).includes("none") && !(await $("[data-testid='tests-run-all']").getAttribute("disabled")), {
    timeout: 20000,
    timeoutMsg: "not every test ran",
  });
}

describe("the test runner", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
    await openLibraryFlow("inbound_support", "Inbound support line");
    await $("[data-testid='tests-button']").click();
    await $("[data-testid='tests-panel']").waitForDisplayed();
  });

  it("runs every saved test call of the inbound support line: all pass, with coverage", async () => {
    const rows = await $$("[data-testid='test-row']");
    expect(rows.length).toBeGreaterThan(20);
    await runAll();
    const states = await testStates();
    expect(states.every((s) => s === "pass")).toBe(true);
    expect(await $("[data-testid='tests-summary']").getText()).toMatch(new RegExp(`^${states.length} passed, 0 failed`));
    expect(await $("[data-testid='coverage-line']").getText()).toMatch(/Coverage: \d+\/\d+ components, \d+\/\d+ exits/);
    await screenshot("tr-01-all-pass");
  });

  it("shows the coverage overlay: without the holiday test, the holiday branch is never taken", async () => {
    // The sample's tests take every exit; leave one out (undoable) to see what coverage marks.
    const count = (await testStates()).length;
    await $("[data-testid='test-row'][data-test^='holiday'] [data-testid='test-delete']").click();
    await browser.waitUntil(async () => (await testStates()).length === count - 1, { timeout: 5000 });
    await runAll();
    expect(await $("[data-testid='coverage-line']").getText()).toContain("Opening hours › holiday");
    await $("[data-testid='tests-coverage']").click();
    await node("holiday_msg").$(".cf-node.cf-cov-missed").waitForExist({ timeout: 5000, timeoutMsg: "the holiday message is not marked as never entered" });
    await node("hours").$(".cf-exit.cf-cov-exit-missed[data-exit='holiday']").waitForExist({ timeout: 5000, timeoutMsg: "the holiday exit is not marked as never taken" });
    // Centre the opening hours check to show its marks.
    await focusComponent("Opening hours", "hours");
    await screenshot("tr-02-coverage");
    await $("[data-testid='tests-coverage']").click();
    await browser.waitUntil(async () => (await $$(".cf-node.cf-cov-partial, .cf-node.cf-cov-missed").length) === 0, { timeout: 5000 });
    await $("[data-testid='undo']").click();
    await browser.waitUntil(async () => (await testStates()).length === count, { timeout: 5000, timeoutMsg: "undo did not bring the test back" });
    await runAll();
    expect((await testStates()).every((s) => s === "pass")).toBe(true);
  });

  it("a menu key re-wired in the inspector fails the tests that press it, marked where the paths parted", async () => {
    await focusComponent("Main menu", "main_menu");
    await openSendTo("exit:key_1");
    await $("[data-testid='sendto-exit:key_1'] [data-target='tech_queue']").click();
    await browser.waitUntil(async () => (await browser.execute(() => [...document.querySelectorAll(".react-flow__edge")].map((e) => e.getAttribute("data-id")))).includes("main_menu→exit:key_1"));
    // The results on screen are from before the edit, and say so.
    await $("[data-testid='tests-stale']").waitForExist({ timeout: 5000 });
    await runAll();
    expect(await $("[data-testid='tests-stale']").isExisting()).toBe(false);
    const states = await testStates();
    expect(states.filter((s) => s === "fail").length).toBeGreaterThan(0);
    expect(states.filter((s) => s === "pass").length).toBeGreaterThan(0);
    const failed = await $("[data-testid='test-row'][data-state='fail'] [data-testid='test-difference']");
    expect(await failed.getText()).toContain("expected");
    await failed.$("[data-testid='test-show-diff']").click();
    await node("main_menu").$(".cf-node.cf-diff-at").waitForExist({ timeout: 5000, timeoutMsg: "the menu is not marked as where the paths parted" });
    expect(await node("main_menu").$(".cf-exit.cf-diff-exit[data-exit='key_1']").isExisting()).toBe(true);
    await node("tech_queue").$(".cf-node.cf-diff-actual").waitForExist({ timeout: 5000 });
    expect(await $(".react-flow__edge.cf-diff-edge").isExisting()).toBe(true);
    await browser.pause(400);
    await screenshot("tr-03-first-difference");
    // In Czech the marks and the difference are worded in Czech (re-drawn when the language changes).
    await setLanguage("cs");
    try {
      await browser.waitUntil(async () => (await node("tech_queue").$(".cf-badge-deco").getText()) === "skutečnost", { timeout: 5000, timeoutMsg: "the canvas mark was not re-worded in Czech" });
      expect(await $("[data-testid='test-row'][data-state='fail'] [data-testid='test-difference']").getText()).toContain("očekáváno");
      await screenshot("tr-03b-first-difference-cs");
    } finally {
      await setLanguage("en");
    }
    // Undo the re-wiring: every test passes again and the marks go.
    await $("[data-testid='undo']").click();
    await runAll();
    expect((await testStates()).every((s) => s === "pass")).toBe(true);
    await browser.waitUntil(async () => (await $$(".cf-node.cf-diff-at").length) === 0, { timeout: 5000 });
  });

  it("generates tests for all paths as one undoable edit, and they pass", async () => {
    const before = (await testStates()).length;
    await $("[data-testid='tests-generate']").click();
    await $("[data-testid='tests-notice']").waitForExist({ timeout: 30000 });
    const added = Number((await $("[data-testid='tests-notice']").getText()).match(/\d+/)[0]);
    expect(added).toBeGreaterThan(3);
    await browser.waitUntil(async () => (await testStates()).length === before + added, { timeout: 5000 });
    await runAll();
    expect((await testStates()).every((s) => s === "pass")).toBe(true);
    await screenshot("tr-04-generated");
    await $("[data-testid='undo']").click();
    await browser.waitUntil(async () => (await testStates()).length === before, { timeout: 5000, timeoutMsg: "undo did not remove the generated tests" });
  });

  it("renames and deletes a test call, each undoable", async () => {
    const first = await browser.execute(() => document.querySelector("[data-testid='test-row']").getAttribute("data-test"));
    await $("[data-testid='test-row'] [data-testid='test-rename']").click();
    const input = await $("[data-testid='test-rename-input']");
    await browser.execute((el) => el.select(), input);
    await typeText("renamed call");
    await browser.keys("Enter");
    await $("[data-testid='test-row'][data-test='renamed call']").waitForExist({ timeout: 5000 });
    const count = (await testStates()).length;
    await $("[data-testid='test-row'][data-test='renamed call'] [data-testid='test-delete']").click();
    await browser.waitUntil(async () => (await testStates()).length === count - 1, { timeout: 5000 });
    await $("[data-testid='undo']").click();
    await $("[data-testid='test-row'][data-test='renamed call']").waitForExist({ timeout: 5000 });
    await $("[data-testid='undo']").click();
    await $(`[data-testid='test-row'][data-test='${first}']`).waitForExist({ timeout: 5000 });
  });

  it("edits an agent in the environment editor, and undo puts it back", async () => {
    await $("[data-testid='panel-tab-environment']").click();
    await $("[data-testid='environment-editor']").waitForDisplayed();
    const status = await $("[data-testid='env-agent'][data-agent='ana'] [data-testid='env-agent-status']");
    expect(await status.getValue()).toBe("available");
    await status.selectByAttribute("value", "offline");
    await browser.waitUntil(async () => (await status.getValue()) === "offline");
    const skills = await $("[data-testid='env-agent'][data-agent='ana'] [data-testid='env-agent-skills']");
    expect(await skills.getValue()).toBe("billing:5");
    await skills.click();
    await browser.execute((el) => el.select(), skills);
    await typeText("billing:5, spanish:3");
    await browser.keys("Enter");
    await screenshot("tr-05-environment");
    // The edit is in the document: undo takes back the skills, then the status.
    await $("[data-testid='undo']").click();
    await browser.waitUntil(async () => (await skills.getValue()) === "billing:5", { timeout: 5000, timeoutMsg: "undo did not restore the skills" });
    await $("[data-testid='undo']").click();
    await browser.waitUntil(async () => (await status.getValue()) === "available", { timeout: 5000, timeoutMsg: "undo did not restore the status" });
    // A bad skill level is refused with a message, and the document keeps the old value.
    await skills.click();
    await browser.execute((el) => el.select(), skills);
    await typeText("billing:lots");
    await browser.keys("Enter");
    await $("[data-testid='env-agent'][data-agent='ana'] .cf-commit-error").waitForExist({ timeout: 5000 });
    await browser.keys("Escape");
  });

  it("runs every sample's test calls through the app within the budget", async () => {
    const result = await browser.executeAsync((done) => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      (async () => {
        const samples = await invoke("sample_flows", {});
        const started = performance.now();
        let tests = 0;
        let passed = 0;
        for (const s of samples) {
          const run = await invoke("run_tests", { file: s.file, names: null });
          tests += run.reports.length;
          passed += run.passed;
        }
        done({ ms: performance.now() - started, tests, passed, flows: samples.length });
      })().catch((e) => done({ error: String(e) }));
    });
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(result.tests);
    fs.writeFileSync(path.join(artifacts, "testrunner-budget.json"), JSON.stringify(result, null, 2));
    console.log(`all ${result.tests} test calls of ${result.flows} sample flows through run_tests: ${result.ms.toFixed(0)} ms`);
  });
});

describe("the campaign view", () => {
  before(async () => {
    await openLibraryFlow("otp_campaign", "OTP verification campaign");
  });

  it("runs the OTP campaign over its records and exports the attempts table as CSV", async () => {
    await $("[data-testid='panel-tab-campaign']").click();
    await $("[data-testid='campaign-panel']").waitForDisplayed();
    expect((await $$("[data-testid='campaign-record']")).length).toBe(3);
    // Paste a fourth record as CSV.
    await $("[data-testid='campaign-paste-csv']").click();
    const csv = await $("[data-testid='campaign-csv']");
    await csv.click();
    await browser.keys(["Control", "End"]);
    await typeText("r4,+420601000004,30,no_answer;no_answer,answered\n");
    await $("[data-testid='campaign-apply-csv']").click();
    await browser.waitUntil(async () => (await $$("[data-testid='campaign-record']").length) === 4, { timeout: 5000, timeoutMsg: "the pasted record was not added" });
    // The records are saved with the flow: their changes are steps of its undo.
    await $("[data-testid='campaign-undo']").click();
    await browser.waitUntil(async () => (await $$("[data-testid='campaign-record']").length) === 3, { timeout: 5000, timeoutMsg: "undo kept the pasted record" });
    await $("[data-testid='campaign-redo']").click();
    await browser.waitUntil(async () => (await $$("[data-testid='campaign-record']").length) === 4, { timeout: 5000 });
    await $("[data-testid='campaign-run']").click();
    await $("[data-testid='campaign-attempts']").waitForExist({ timeout: 20000 });
    const statuses = await browser.execute(() => [...document.querySelectorAll("[data-testid='campaign-attempt']")].map((r) => r.getAttribute("data-status")));
    expect(statuses.length).toBeGreaterThan(4);
    expect(statuses).toContain("AGENT_RESCHEDULED");
    // Customers who pick up type the code the flow asks for: some records complete.
    expect(statuses).toContain("COMPLETED");
    await browser.execute(() => document.querySelector("[data-testid='campaign-attempts']").scrollIntoView({ block: "start" }));
    await screenshot("tr-06-campaign");
    const out = path.join(artifacts, "otp-campaign-attempts.csv");
    fs.rmSync(out, { force: true });
    answerNextDialog(out);
    await $("[data-testid='campaign-export']").click();
    await $("[data-testid='campaign-notice']").waitForExist({ timeout: 10000 });
    const lines = fs.readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("record,attempt,minute,agent_attempt_no,customer_attempt_no,status,next_attempt_minute,agent_left,customer_left,end");
    expect(lines.length).toBe(statuses.length + 1);
    expect(lines.some((l) => l.startsWith("r4,"))).toBe(true);
  });

  it("says in Czech what is wrong with records: a pasted CSV line, a table cell, an id used twice", async () => {
    await setLanguage("cs");
    try {
      await $("[data-testid='campaign-paste-csv']").click();
      await $("[data-testid='campaign-csv']").click();
      await browser.keys(["Control", "End"]);
      await typeText("r5,+420601000005,0,maybe,\n");
      await $("[data-testid='campaign-apply-csv']").click();
      const error = await $("[data-testid='campaign-error']");
      await error.waitForDisplayed({ timeout: 5000 });
      // The engine's reader names the line (the header is line 1, then four records).
      expect(await error.getText()).toBe("Řádek 6: `maybe` není `answered` ani `no_answer`");
      expect((await $$("[data-testid='campaign-record']")).length).toBe(4);
      await $("[data-testid='campaign-paste-csv']").click();
      // A cell of the table refuses what it cannot read, and keeps the record as it was.
      const cell = (column) => $(`[data-testid='campaign-record']:nth-child(4) td:nth-child(${column}) input`);
      const agentLegs = await cell(4);
      await agentLegs.click();
      await browser.execute((el) => el.select(), agentLegs);
      await typeText("maybe");
      await browser.keys("Enter");
      const refusal = await $("[data-testid='campaign-record']:nth-child(4) .cf-commit-error");
      await refusal.waitForDisplayed({ timeout: 5000 });
      expect(await refusal.getText()).toBe("`maybe` není `answered` ani `no_answer`");
      await browser.keys("Escape");
      // An id the table accepts but the campaign cannot run: the record is named.
      const id = await cell(1);
      await id.click();
      await browser.execute((el) => el.select(), id);
      await typeText("r1");
      await browser.keys("Enter");
      await $("[data-testid='campaign-run']").click();
      await browser.waitUntil(async () => (await error.isDisplayed()) && (await error.getText()).startsWith("Záznam 4"), { timeout: 10000, timeoutMsg: "the campaign did not refuse an id used twice" });
      expect(await error.getText()).toBe("Záznam 4: id `r1` je použito dvakrát");
      await screenshot("tr-07-campaign-records-error-cs");
      // Czech labels and an unsaved flow (the marker shown) still fit the toolbar in one row at 1280 px.
      expect(await $("[data-testid='dirty']").isExisting()).toBe(true);
      const toolbarHeight = await browser.execute(() => document.querySelector("[data-testid='toolbar']").getBoundingClientRect().height);
      expect(toolbarHeight).toBeLessThan(50);
      // Worded when shown: the same refusal in English after the switch.
      await setLanguage("en");
      await browser.waitUntil(async () => (await error.getText()) === "record 4: the id `r1` is used twice", { timeout: 5000, timeoutMsg: "the refusal was not re-worded in English" });
      await $("[data-testid='campaign-undo']").click();
      await browser.waitUntil(async () => (await (await cell(1)).getValue()) === "r4", { timeout: 5000, timeoutMsg: "undo did not restore the id" });
    } finally {
      await setLanguage("en");
    }
  });
});
