import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifacts = path.resolve(here, "../artifacts");
export const repo = path.resolve(here, "../../..");

/** The ids of the running processes called `name` (none: an empty list). */
export function pidsOf(name) {
  try {
    return execSync(`ps -C ${name} -o pid=`, { encoding: "utf8" }).split("\n").map(Number).filter(Boolean);
  } catch {
    return []; // ps exits with 1 when none runs
  }
}

/** The ids of the app's child processes called `name` (WebKit's web and network processes). */
export function childPidsOf(name) {
  const app = new Set(pidsOf("callflow-studio"));
  const parent = (pid) => Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return pidsOf(name).filter((pid) => app.has(parent(pid)));
}

/** Opens the inspector's "Send to" picker of `port` (`exit:no_answer`, `key:1`, ...). A click can
 * land while the inspector's layout shifts (the problems listed above the pickers change when a
 * check answers), so it clicks until the picker says it is open. */
export async function openSendTo(port) {
  const button = await $(`[data-testid='sendto-${port}'] .cf-sendto-button`);
  await browser.waitUntil(
    async () => {
      if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
      return (await button.getAttribute("aria-expanded")) === "true";
    },
    { timeout: 5000, interval: 200, timeoutMsg: `the "Send to" picker of ${port} did not open` },
  );
}

/** Waits until the app has its catalog and a flow open. */
export async function appReady() {
  await $(".cf-app[data-ready='true']").waitForExist({ timeout: 30000 });
  await browser.waitUntil(async () => (await $$(".react-flow__node").length) > 0, { timeout: 15000 });
}

/**
 * Keeps the page painting. Without a GPU the app paints without compositing
 * (src-tauri/src/rendering.rs), and then WebKit renders only when something on the page changes:
 * animation frames, WebKitWebDriver's screenshot (and, it seems, now and then another command)
 * wait for a rendering update that would never come on a still page. A 1-pixel, nearly
 * transparent element changing every 16 ms provides one, as a composited page's display would.
 * Answers whether it started the painter (false: one was running already).
 */
export async function startPainting() {
  return browser.execute(() => {
    if (globalThis.__callflowPainter) return false;
    const el = document.createElement("div");
    el.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none;z-index:2147483647";
    document.body.appendChild(el);
    let frame = 0;
    const timer = setInterval(() => (el.style.transform = `translateX(${frame++ % 2}px)`), 16);
    globalThis.__callflowPainter = { stop: () => (clearInterval(timer), el.remove(), (globalThis.__callflowPainter = undefined)) };
    return true;
  });
}

export async function stopPainting() {
  await browser.execute(() => globalThis.__callflowPainter?.stop());
}

/** Runs `action` while the page keeps painting (see `startPainting`). */
export async function whilePainting(action) {
  const started = await startPainting();
  try {
    return await action();
  } finally {
    if (started) await stopPainting();
  }
}

/** Two animation frames, so a screenshot shows the state after the last action. */
export async function settle() {
  await whilePainting(() => browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** Saves a screenshot of the window to `file`, after the last action has been painted. */
export async function screenshotTo(file) {
  await whilePainting(async () => {
    await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    await browser.pause(150);
    await browser.saveScreenshot(file);
  });
}

/** A screenshot in the artifacts folder (`<name>.png`). */
export async function screenshot(name) {
  await screenshotTo(path.join(artifacts, `${name}.png`));
}

/** Answers "discard unsaved changes?" with yes when the app asks it (a file-only flow with
 * unsaved changes; a library draft is saved without asking). */
export async function discardIfAsked() {
  const yes = await $("[data-testid='confirm-yes']");
  if (await yes.isExisting()) await yes.click();
}

/** Queues the answer of the next file dialog (an empty string cancels it). */
export function answerNextDialog(file) {
  fs.appendFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, `${file}\n`);
}

export async function setLanguage(lang) {
  await $("[data-testid='lang']").selectByAttribute("value", lang);
}

/** Types text into the focused element one key at a time (WebKitWebDriver drops repeated keys
 * sent in one action sequence: "message" arrives as "mesage"). */
export async function typeText(text) {
  for (const ch of text) await browser.keys(ch);
}

/** Starts a new empty inbound flow named `name`. */
export async function newFlow(name) {
  await $("[data-testid='new']").click();
  const input = await $("[data-testid='new-name']");
  await input.waitForDisplayed();
  await browser.execute((el) => el.select(), input);
  await typeText(name);
  await $("[data-testid='new-create']").click();
  await browser.waitUntil(async () => (await $$(".react-flow__node").length) === 1, { timeout: 10000 });
}

export async function nodeIds() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__node")].map((n) => n.getAttribute("data-id")));
}

/** Drags with the mouse from the centre of one element to the centre of another, in steps
 * (React Flow starts a connection on mousedown and follows mousemove events). */
export async function dragBetween(from, to) {
  const centre = async (el) => {
    const loc = await el.getLocation();
    const size = await el.getSize();
    return { x: Math.round(loc.x + size.width / 2), y: Math.round(loc.y + size.height / 2) };
  };
  const a = await centre(from);
  const b = await centre(to);
  const steps = [];
  for (let i = 1; i <= 10; i++) {
    steps.push({ type: "pointerMove", duration: 30, x: Math.round(a.x + ((b.x - a.x) * i) / 10), y: Math.round(a.y + ((b.y - a.y) * i) / 10) });
  }
  await browser.performActions([
    {
      type: "pointer",
      id: "mouse",
      parameters: { pointerType: "mouse" },
      actions: [{ type: "pointerMove", duration: 0, x: a.x, y: a.y }, { type: "pointerDown", button: 0 }, { type: "pause", duration: 50 }, ...steps, { type: "pause", duration: 50 }, { type: "pointerUp", button: 0 }],
    },
  ]);
  await browser.releaseActions();
}

/** Opens a flow of the library (the samples are imported at start) and returns to the palette. */
export async function openLibraryFlow(id, name) {
  await $("[data-testid='tab-library']").click();
  const open = await $(`.cf-library-item[data-flow='${id}'] .cf-library-open`);
  await open.waitForExist({ timeout: 10000 });
  await open.click();
  await browser.waitUntil(async () => (await $("[data-testid='flow-name']").getValue()).startsWith(name), { timeout: 10000 });
  await $("[data-testid='tab-components']").click();
}

/** Which theme the window is painted in, as the page sees it: the media query the stylesheet
 * follows, React Flow's colour class, and the relative luminance (0 black … 1 white) of the
 * inspector's and canvas's backgrounds. */
export async function paintedTheme() {
  return browser.execute(() => {
    const luminance = (el) => {
      const [r, g, b] = (getComputedStyle(el).backgroundColor.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number);
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    const flow = document.querySelector(".react-flow");
    return {
      prefersDark: matchMedia("(prefers-color-scheme: dark)").matches,
      flowDark: !!flow?.classList.contains("dark"),
      panel: luminance(document.querySelector(".cf-inspector")),
      canvas: flow ? luminance(flow) : -1,
    };
  });
}
