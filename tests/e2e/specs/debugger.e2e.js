// The step debugger in the real window, on the inbound support sample: a breakpoint toggled on
// the canvas, a call started, stepped (button and F10) and continued to the breakpoint, a
// variable edited while paused (the run forks), decisions answered (dial pad, agent answers),
// a step back to change a key press, a jump back through the timeline, and the session saved as
// a test call (undoable). Screenshots in tests/e2e/artifacts/dbg-*.png.
import { appReady, newFlow, openLibraryFlow, screenshot, setLanguage, typeText } from "./helpers.js";

const node = (id) => $(`.react-flow__node[data-id='${id}']`);

async function status() {
  return browser.execute(() => {
    const el = document.querySelector("[data-testid='debug-status']");
    return { stop: el?.getAttribute("data-stop") ?? "", component: el?.getAttribute("data-component") ?? "", text: el?.textContent ?? "" };
  });
}

/** Waits until the first call is at `component` (and, if given, stopped for `stop`). */
async function waitAt(component, stop) {
  await browser.waitUntil(
    async () => {
      const s = await status();
      return s.component === component && (!stop || s.stop === stop) && (await $("[data-testid='debug-step']").isEnabled());
    },
    { timeout: 10000, timeoutMsg: `not at ${component}${stop ? ` (${stop})` : ""}: ${JSON.stringify(await status())}` },
  );
}

async function waitDecision() {
  await $("[data-testid='debug-decision']").waitForDisplayed({ timeout: 10000 });
}

async function choose(re) {
  await waitDecision();
  const buttons = await $$("[data-testid='debug-decision'] button[data-choice]");
  for (const b of buttons) {
    if (re.test(await b.getAttribute("data-choice"))) {
      await b.click();
      return;
    }
  }
  throw new Error(`no choice matching ${re}`);
}

async function pressKey(key) {
  await waitDecision();
  await $(`[data-testid='debug-dialpad'] button[data-key='${key}']`).click();
}

async function currentMarked() {
  return browser.execute(() => [...document.querySelectorAll(".cf-node.cf-dbg-current, .cf-node.cf-dbg-waiting")].map((n) => n.getAttribute("data-id")));
}

async function pathEdges() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__edge.cf-dbg-path")].map((e) => e.getAttribute("data-id")));
}

describe("the step debugger", function () {
  // Each test drives several round trips through the real window; the machine is shared.
  this.timeout(240000);
  before(async () => {
    await appReady();
    await setLanguage("en");
    await openLibraryFlow("inbound_support", "Inbound support line");
    await $("[data-testid='debug-toggle']").click();
    await $("[data-testid='debugger']").waitForDisplayed();
  });

  it("toggles a breakpoint with the component's dot and lists it", async () => {
    // The dot is a few pixels wide and the box may be outside the view: clicked through the DOM
    // (the same delegated handler a mouse click reaches).
    await browser.execute(() => document.querySelector(".react-flow__node[data-id='vip_check'] .cf-bp-dot").click());
    await browser.waitUntil(async () => (await $$("[data-testid='debug-breakpoints'] li[data-bp-index]").length) === 1, { timeout: 5000 });
    expect(await node("vip_check").$(".cf-node").getAttribute("class")).toContain("cf-dbg-bp");
  });

  it("starts a call paused before the first component, steps with the button and F10", async () => {
    await $("[data-testid='debug-start']").click();
    await waitAt("start");
    expect(await currentMarked()).toEqual(["start"]);
    await $("[data-testid='debug-step']").click();
    await waitAt("hours");
    await browser.keys("F10");
    await waitAt("welcome");
    // The path taken is drawn on the edges (React Flow applies edge classes a render later).
    await browser.waitUntil(async () => {
      const edges = await pathEdges();
      return edges.includes("start→exit:next") && edges.includes("hours→exit:open");
    }, { timeout: 5000, timeoutMsg: "the path is not drawn on the edges" });
    await screenshot("dbg-01-stepping");
  });

  it("continues to the breakpoint", async () => {
    await $("[data-testid='debug-continue']").click();
    await waitAt("vip_check", "breakpoint");
    expect((await status()).text).toContain("breakpoint 1");
    await screenshot("dbg-02-breakpoint");
  });

  it("edits a variable while paused: the run forks from there (a gold customer is a VIP)", async () => {
    const input = await $("[data-testid='debug-var-customer_tier']");
    await input.click();
    await browser.execute((el) => el.select(), input);
    await typeText('"gold"');
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await input.getValue()) === '"gold"', { timeout: 5000 });
    await $("[data-testid='debug-step']").click();
    await waitAt("vip_queue");
    await screenshot("dbg-03-variable-forked");
    // Restart: the edit is forgotten, the breakpoint stays.
    await $("[data-testid='debug-restart']").click();
    await waitAt("start");
    await $("[data-testid='debug-continue']").click();
    await waitAt("vip_check", "breakpoint");
  });

  it("answers the menu on the dial pad, steps back and changes the key press", async () => {
    await $("[data-testid='debug-continue']").click();
    await waitDecision();
    expect((await status()).component).toBe("main_menu");
    await screenshot("dbg-04-dialpad");
    await pressKey("1");
    await browser.waitUntil(async () => (await pathEdges()).includes("main_menu→exit:key_1"), { timeout: 5000 });
    // Back to the answered menu: asked again.
    await $("[data-testid='debug-back']").click();
    await waitDecision();
    expect(await pathEdges()).not.toContain("main_menu→exit:key_1");
    await pressKey("2");
    await browser.waitUntil(async () => (await pathEdges()).includes("main_menu→exit:key_2"), { timeout: 5000 });
    expect(await pathEdges()).not.toContain("main_menu→exit:key_1");
  });

  it("answers the agent and survey decisions to the end of the call", async () => {
    await $("[data-testid='debug-continue']").click();
    await waitDecision();
    // The question, its answers and the call's state in Czech: the engine sends them as data
    // (debugger/wording.ts); the buttons keep the engine's English label as their hook.
    await setLanguage("cs");
    await browser.waitUntil(async () => (await $("[data-testid='debug-decision']").getText()).includes("Rozhodněte:"), { timeout: 5000 });
    const czech = await $("[data-testid='debug-decision']").getText();
    expect(czech).toMatch(/agent \w+ hovor přijme/);
    expect(czech).toContain("volající zavěsí");
    const state = await $("[data-testid='debug-callstate']").getText();
    expect(state).toContain("hovor 0 čeká:");
    expect(state).toContain("k dispozici");
    await screenshot("dbg-05a-czech-decision");
    await setLanguage("en");
    await choose(/answers$/);
    await screenshot("dbg-05-agent-answered");
    await $("[data-testid='debug-continue']").click();
    await choose(/ends the call/);
    await $("[data-testid='debug-continue']").click();
    await pressKey("5");
    await $("[data-testid='debug-continue']").click();
    await browser.waitUntil(async () => (await status()).stop === "finished", { timeout: 10000, timeoutMsg: JSON.stringify(await status()) });
    expect(await pathEdges()).toEqual(expect.arrayContaining(["main_menu→exit:key_2", "tech_queue→exit:call_finished", "survey→exit:key_5"]));
    await $("[data-testid='fit']").click();
    await browser.pause(400);
    await screenshot("dbg-06-finished");
  });

  it("jumps back through the timeline and replays the same answers", async () => {
    const total = await $$("[data-testid='debug-timeline'] button[data-index]").length;
    const survey = await browser.execute(() => {
      const b = [...document.querySelectorAll("[data-testid='debug-timeline'] button[data-type='STEP']")].find((x) => x.textContent.trim().endsWith("▸ survey"));
      return b ? Number(b.getAttribute("data-index")) : -1;
    });
    expect(survey).toBeGreaterThan(0);
    await $(`[data-testid='debug-timeline'] button[data-index='${survey}']`).click();
    await waitAt("survey");
    expect(await $$("[data-testid='debug-timeline'] button[data-index]").length).toBe(survey);
    await screenshot("dbg-07-jumped-back");
    await $("[data-testid='debug-continue']").click();
    await browser.waitUntil(async () => (await status()).stop === "finished", { timeout: 10000 });
    expect(await $$("[data-testid='debug-timeline'] button[data-index]").length).toBe(total);
  });

  it("saves the session as a test call that passes in the runner, undoably", async () => {
    await $("[data-testid='debug-save-test']").click();
    const saved = await $("[data-testid='debug-saved']");
    await saved.waitForDisplayed({ timeout: 10000 });
    const name = (await saved.getText()).match(/“(.+)”/)?.[1];
    expect(name).toMatch(/^debug session \d+$/);
    await screenshot("dbg-08-saved");
    await $("[data-testid='tests-button']").click();
    const row = await $(`[data-testid='test-row'][data-test='${name}']`);
    await row.waitForExist({ timeout: 5000 });
    await row.$("[data-testid='test-run']").click();
    await browser.waitUntil(async () => (await row.getAttribute("data-state")) === "pass", {
      timeout: 10000,
      timeoutMsg: `the saved session does not pass: ${await row.getText()}`,
    });
    await screenshot("dbg-09-test-passes");
    // One undo removes the saved test call, redo brings it back.
    await $("[data-testid='undo']").click();
    await browser.waitUntil(async () => !(await $(`[data-testid='test-row'][data-test='${name}']`).isExisting()), { timeout: 5000 });
    await $("[data-testid='redo']").click();
    await $(`[data-testid='test-row'][data-test='${name}']`).waitForExist({ timeout: 5000 });
    await $("[data-testid='tests-button']").click();
  });

  it("stops with Shift+F5 and keeps the breakpoint in the document", async () => {
    await browser.keys(["Shift", "F5"]);
    await browser.waitUntil(async () => (await status()).component === "", { timeout: 5000 });
    expect(await currentMarked()).toEqual([]);
    expect(await node("vip_check").$(".cf-node").getAttribute("class")).toContain("cf-dbg-bp");
  });

  it("refuses to run a flow with errors and names them, in Czech", async () => {
    // A new flow: its Start's exit leads nowhere yet.
    await newFlow("Nothing yet");
    await setLanguage("cs");
    if (!(await $("[data-testid='debugger']").isDisplayed())) await $("[data-testid='debug-toggle']").click();
    await $("[data-testid='debug-start']").click();
    const error = await $("[data-testid='debug-status'] .cf-dbg-error");
    await error.waitForDisplayed({ timeout: 5000, timeoutMsg: "no error for a flow that cannot run" });
    expect(await error.getText()).toMatch(/^Tok obsahuje \d+ chyb[uy]? a nelze ho spustit: CF\d{4}: /);
    await screenshot("dbg-10-cannot-run-cs");
    await setLanguage("en");
    // Worded when shown: the same refusal, now in the engine's English.
    await browser.waitUntil(async () => (await error.getText()).startsWith("the flow has"), { timeout: 5000, timeoutMsg: "the refusal was not re-worded in English" });
  });
});
