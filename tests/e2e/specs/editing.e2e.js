// The designer's everyday work, in the real window: palette, connecting by drag and by
// "Send to", alternative keys, live validation, undo/redo.
import { appReady, dragBetween, newFlow, nodeIds, openSendTo, screenshot, setLanguage, settle, typeText } from "./helpers.js";

const node = (id) => $(`.react-flow__node[data-id='${id}']`);
const handle = (id, handleId) => $(`.react-flow__node[data-id='${id}'] .react-flow__handle[data-handleid='${handleId}']`);

async function addFromPalette(kind) {
  const before = await nodeIds();
  const item = await $(`.cf-palette-item[data-kind='${kind}']`);
  await item.click();
  await browser.keys("Enter");
  await browser.waitUntil(async () => (await nodeIds()).length === before.length + 1, { timeout: 5000 });
  return (await nodeIds()).find((id) => !before.includes(id));
}

async function select(id) {
  const name = await $(`.react-flow__node[data-id='${id}'] .cf-node-name`);
  if (!(await name.isDisplayed({ withinViewport: true }))) {
    await $("[data-testid='fit']").click();
    await browser.pause(400);
  }
  await name.click();
  await $(`.cf-inspector [data-component='${id}']`).waitForExist({ timeout: 5000 });
}

async function edges() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__edge")].map((e) => e.getAttribute("data-id")));
}

async function problem(code, component) {
  return $(`.cf-problem[data-code='${code}'][data-component='${component}']`);
}

async function clickPane() {
  const pane = await $(".react-flow__pane");
  await pane.click({ x: -300, y: -200 });
}

describe("editing a flow", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
    await newFlow("Support line");
  });

  it("adds components from the palette (searchable)", async () => {
    const search = await $("[data-testid='palette-search']");
    await search.click();
    await typeText("message");
    await browser.waitUntil(async () => (await $$(".cf-palette-item").length) < 30);
    expect(await $(".cf-palette-item[data-kind='play_message']").isExisting()).toBe(true);
    const id = await addFromPalette("play_message");
    expect(id).toBe("play_message");
    await search.click();
    await browser.execute(() => {
      const el = document.querySelector("[data-testid='palette-search']");
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(el, "");
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await browser.waitUntil(async () => (await $$(".cf-palette-item").length) === 30);
  });

  it("shows a validation error for an unconnected mandatory exit, live", async () => {
    // The new play message's mandatory `next` exit is not connected yet: CF0106.
    await (await problem("CF0106", "play_message")).waitForExist({ timeout: 5000 });
    // The badge is drawn by the node, which re-renders a frame after the problems panel.
    await $(".react-flow__node[data-id='play_message'] .cf-badge-error")
      .waitForExist({ timeout: 5000, timeoutMsg: "no error badge on the play message node" });
    await screenshot("03-problem-shown");
  });

  it("connects an exit by dragging from its handle onto a component", async () => {
    await $("[data-testid='fit']").click();
    await browser.pause(400);
    await screenshot("03b-before-drag");
    await dragBetween(await handle("start", "exit:next"), await handle("play_message", "in"));
    await browser.waitUntil(async () => (await edges()).includes("start→exit:next"), { timeout: 5000, timeoutMsg: "no edge after the drag" });
  });

  it("connects an exit with “Send to” → New component…, and the error goes away", async () => {
    await select("play_message");
    await openSendTo("exit:next");
    await $("[data-testid='sendto-new']").click();
    await $("[data-testid='sendto-kind']").selectByAttribute("value", "assignment_dial");
    await screenshot("04-send-to-new");
    await $("[data-testid='sendto-create']").click();
    await browser.waitUntil(async () => (await nodeIds()).includes("assignment_dial"));
    await browser.waitUntil(async () => (await edges()).includes("play_message→exit:next"));
    await (await problem("CF0106", "play_message")).waitForExist({ reverse: true, timeout: 5000 });
  });

  it("connects to an existing component with “Send to” (searchable)", async () => {
    const hangUp = await addFromPalette("hang_up");
    await select("assignment_dial");
    const noAnswer = ".cf-inspector li[data-code='CF0106'][data-exit='no_answer']";
    await $(`${noAnswer}:not([data-fixed])`).waitForExist({ timeout: 5000, timeoutMsg: "no finding for `no_answer` in the inspector" });
    await openSendTo("exit:no_answer");
    await typeText("hang");
    await $(`[data-testid='sendto-exit:no_answer'] li[data-target='${hangUp}']`).click();
    await browser.waitUntil(async () => (await edges()).includes("assignment_dial→exit:no_answer"));
    // The fixed finding stays in place, struck through, so the exits below it do not move.
    await $(`${noAnswer}[data-fixed='true']`).waitForExist({ timeout: 5000, timeoutMsg: "the fixed finding left the inspector" });
    await screenshot("04b-fixed-finding");
  });

  it("binds an alternative key of Assignment and dial", async () => {
    await select("assignment_dial");
    await openSendTo("key:1");
    await $("[data-testid='sendto-key:1'] li[data-target='hang_up']").click();
    await browser.waitUntil(async () => (await edges()).includes("assignment_dial→key:1"));
    await $(".react-flow__node[data-id='assignment_dial'] .cf-key.bound[data-key='1']")
      .waitForExist({ timeout: 5000, timeoutMsg: "key 1 is not shown as bound on the node" });
    expect(await $(".react-flow__node[data-id='assignment_dial'] .cf-key.bound[data-key='2']").isExisting()).toBe(false);
    await screenshot("05-inspector-keys");
  });

  it("undoes and redoes edits with Ctrl+Z / Ctrl+Shift+Z", async () => {
    await clickPane();
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => !(await edges()).includes("assignment_dial→key:1"), { timeoutMsg: "undo did not unbind the key" });
    await browser.keys(["Control", "Shift", "z"]);
    await browser.waitUntil(async () => (await edges()).includes("assignment_dial→key:1"), { timeoutMsg: "redo did not bind the key again" });
    // Undo the whole key binding and the Send-to connection, then redo both.
    await browser.keys(["Control", "z"]);
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => !(await edges()).includes("assignment_dial→exit:no_answer"));
    await browser.keys(["Control", "Shift", "z"]);
    await browser.keys(["Control", "Shift", "z"]);
    await browser.waitUntil(async () => (await edges()).includes("assignment_dial→key:1"));
  });

  it("deletes a component; the exit that led to it stays, unconnected", async () => {
    await select("hang_up");
    await clickPane();
    await select("hang_up");
    await $(".cf-inspector .cf-button.danger").click();
    await browser.waitUntil(async () => !(await nodeIds()).includes("hang_up"));
    expect(await edges()).not.toContain("assignment_dial→exit:no_answer");
    await (await problem("CF0106", "assignment_dial")).waitForExist({ timeout: 5000 });
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => (await nodeIds()).includes("hang_up"));
    // The Delete key, right after a shifted key whose Shift was released first (it went down as
    // "A" and comes up as "a", as Z does in Ctrl+Shift+Z): the first Delete must delete.
    await select("hang_up");
    await browser.keys(["Shift", "a"]);
    await browser.keys(["Delete"]);
    await browser.waitUntil(async () => !(await nodeIds()).includes("hang_up"), { timeout: 3000, timeoutMsg: "the Delete key did not delete the selected component" });
    await browser.keys(["Control", "z"]);
    await browser.waitUntil(async () => (await nodeIds()).includes("hang_up"));
  });

  it("adds to the selection with Shift+click", async () => {
    await clickPane();
    await select("hang_up");
    await browser.performActions([{ type: "key", id: "kb", actions: [{ type: "keyDown", value: "\uE008" }] }]);
    await $(".react-flow__node[data-id='assignment_dial'] .cf-node-name").click();
    await browser.performActions([{ type: "key", id: "kb", actions: [{ type: "keyUp", value: "\uE008" }] }]);
    await browser.releaseActions();
    const selected = () => browser.execute(() => [...document.querySelectorAll(".react-flow__node.selected")].map((n) => n.dataset.id).sort());
    await browser.waitUntil(async () => (await selected()).length === 2, { timeout: 3000, timeoutMsg: "Shift+click did not add to the selection" });
    expect(await selected()).toEqual(["assignment_dial", "hang_up"]);
    await clickPane();
  });

  it("lays the flow out and saves screenshots of the main views", async () => {
    await $("[data-testid='layout']").click();
    await browser.pause(800);
    await clickPane();
    await screenshot("06-canvas-laid-out");
    await browser.keys(["Control", "k"]);
    await $("[data-testid='search-input']").waitForDisplayed();
    await typeText("Play");
    await screenshot("07-search");
    await browser.keys("Enter");
    await $(".cf-inspector [data-component='play_message']").waitForExist();
    await clickPane();
    await browser.keys("F1");
    await $("[data-testid='help']").waitForDisplayed();
    await screenshot("08-help");
    await browser.keys("Escape");
    await setLanguage("cs");
    await settle();
    expect(await $(".cf-palette .cf-panel-title").getText()).toMatch(/KOMPONENTY/i);
    // Findings are worded in Czech from the checks' templates: message, component's kind and hint.
    const finding = await $(".cf-problem[data-code='CF0106']");
    expect(await finding.$(".cf-message").getText()).toMatch(/^[^:]+ „[^“]*“ \([\w-]+\): povinný výstup `\w+` není připojen\.$/);
    expect(await finding.$(".cf-hint").getAttribute("lang")).toBe("cs");
    expect(await finding.$(".cf-hint").getText()).toMatch(/^Připojte `\w+`/);
    await screenshot("09-czech");
    // The inspector's generated form speaks Czech too: field labels and choices.
    await browser.keys(["Control", "k"]);
    await $("[data-testid='search-input']").waitForDisplayed();
    await typeText("Assignment");
    await browser.keys("Enter");
    await $(".cf-inspector [data-component='assignment_dial']").waitForExist();
    const labels = await browser.execute(() => [...document.querySelectorAll(".cf-inspector .cf-field-label, .cf-inspector legend")].map((l) => l.textContent.trim()));
    expect(labels).toContain("Doba vyzvánění");
    expect(labels).not.toContain("Ring timeout");
    await screenshot("09b-czech-inspector");
    await clickPane();
    await setLanguage("en");
  });
});
