// A newcomer draws the spine of the inbound support sample (flows/inbound-support.callflow.json)
// from scratch with what the window offers: "Send to" → "New component…" for each next step, a
// menu option, and "Send to" an existing component, found by typing.
import { appReady, newFlow, nodeIds, openSendTo, screenshot, setLanguage, typeText } from "./helpers.js";

async function edges() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__edge")].map((e) => e.getAttribute("data-id")));
}

async function inspecting(id) {
  await $(`.cf-inspector [data-component='${id}']`).waitForExist({ timeout: 5000, timeoutMsg: `the inspector does not show ${id}` });
}

async function select(id) {
  const name = await $(`.react-flow__node[data-id='${id}'] .cf-node-name`);
  if (!(await name.isDisplayed({ withinViewport: true }))) {
    await $("[data-testid='fit']").click();
    await browser.pause(300);
  }
  await name.click();
  await inspecting(id);
}

/** "Send to" → "New component…" of `kind` on exit `exit` of the inspected component. */
async function sendToNew(source, exit, kind) {
  await openSendTo(`exit:${exit}`);
  await $(`[data-testid='sendto-exit:${exit}'] [data-testid='sendto-new']`).click();
  await $(`[data-testid='sendto-exit:${exit}'] [data-testid='sendto-kind']`).selectByAttribute("value", kind);
  const before = await nodeIds();
  await $(`[data-testid='sendto-exit:${exit}'] [data-testid='sendto-create']`).click();
  await browser.waitUntil(async () => (await nodeIds()).length === before.length + 1, { timeout: 5000, timeoutMsg: `no new ${kind}` });
  const id = (await nodeIds()).find((n) => !before.includes(n));
  await browser.waitUntil(async () => (await edges()).includes(`${source}→exit:${exit}`), { timeout: 5000, timeoutMsg: `${source}.${exit} is not connected` });
  // The new component is selected, so the next step continues from it.
  await inspecting(id);
  return id;
}

describe("a newcomer draws the inbound support line", () => {
  before(async () => {
    await appReady();
    await setLanguage("en");
  });

  it("connects the spine with “Send to”, names the boxes, adds a menu option", async () => {
    await newFlow("Support from scratch");
    await select("start");
    const hours = await sendToNew("start", "next", "business_hours");
    const welcome = await sendToNew(hours, "open", "play_message");
    // Name it as the sample does.
    const name = await $("[data-testid='component-name']");
    await browser.execute((el) => el.select(), name);
    await typeText("Welcome");
    const nodeName = () => browser.execute((id) => document.querySelector(`.react-flow__node[data-id='${id}'] .cf-node-name`)?.textContent, welcome);
    await browser.waitUntil(async () => (await nodeName()) === "Welcome", {
      timeout: 5000,
      timeoutMsg: `the box is named ${JSON.stringify(await nodeName())}, not Welcome`,
    });
    const menu = await sendToNew(welcome, "next", "menu");
    // A menu's key exits come from its options: add one, and its exit appears. The checks'
    // findings for the new menu arrive a moment after it and push the form down: wait for them
    // (its options' own "no options" finding) so the click lands on the button.
    const options = "//aside[@data-testid='inspector']//fieldset[legend[starts-with(normalize-space(.), 'Options')]]";
    await $(`${options}//*[contains(., 'CF0209')]`).waitForExist({ timeout: 5000, timeoutMsg: "the new menu was not checked" });
    await $(`${options}/button[contains(@class, 'cf-link')]`).click();
    await $("[data-testid='sendto-exit:key_1']").waitForExist({ timeout: 5000, timeoutMsg: "no key 1 exit after adding an option" });
    const queue = await sendToNew(menu, "key_1", "assignment_dial");
    const voicemail = await sendToNew(queue, "no_answer", "voicemail");
    // Closed hours go to the same voicemail: pick it by typing its name.
    await select(hours);
    await openSendTo("exit:closed");
    await typeText("voice");
    await $(`[data-testid='sendto-exit:closed'] li[data-target='${voicemail}']`).click();
    await browser.waitUntil(async () => (await edges()).includes(`${hours}→exit:closed`));
    expect(await edges()).toEqual(expect.arrayContaining([
      "start→exit:next", `${hours}→exit:open`, `${hours}→exit:closed`, `${welcome}→exit:next`, `${menu}→exit:key_1`, `${queue}→exit:no_answer`,
    ]));
    // Laid out, it reads left to right; the boxes are readable (zoom at least 0.75).
    await $("[data-testid='layout']").click();
    await browser.pause(800);
    const zoom = await browser.execute(() => Number(/scale\(([\d.]+)\)/.exec(document.querySelector(".react-flow__viewport").style.transform)?.[1]));
    expect(zoom).toBeGreaterThanOrEqual(0.75);
    await screenshot("16-newcomer-spine");
  });
});
