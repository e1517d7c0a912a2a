// What the probes that drive the app started alone (`bench/*.probe.mjs`) share: the page through
// WebKit's remote inspector (the app run with `WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:PORT`), the
// import of the synthetic flow and the box nearest the canvas's centre. WebDriver cannot drive
// the app while the inspector server runs (its session request times out), hence these probes.
import WebSocket from "ws";
import fs from "node:fs";

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page of the app whose inspector listens on `port`, once it is there: `send` a protocol
 * command, `evaluate` an expression, `on` an event of the page's target. */
export async function inspectPage(port) {
  let socket = null;
  for (let i = 0; i < 120 && !socket; i++) {
    try {
      const page = /socket\/\d+\/\d+\/WebPage/.exec(await (await fetch(`http://127.0.0.1:${port}/`)).text());
      if (page) socket = new WebSocket(`ws://127.0.0.1:${port}/${page[0]}`);
    } catch {
      // not listening yet
    }
    if (!socket) await sleep(500);
  }
  if (!socket) throw new Error(`no page on the inspector at port ${port}`);
  let target = null;
  let nextId = 1;
  const waiting = new Map();
  const listeners = new Map();
  socket.on("error", (err) => {
    // A probe is a script: without its page there is nothing left to measure.
    console.error(`inspector: ${err.message}`);
    process.exit(1);
  });
  const ready = new Promise((resolve) => {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString());
      if (message.method === "Target.targetCreated" && !target) {
        target = message.params.targetInfo.targetId;
        resolve();
      } else if (message.method === "Target.dispatchMessageFromTarget") {
        const inner = JSON.parse(message.params.message);
        if (inner.id && waiting.has(inner.id)) {
          waiting.get(inner.id)(inner);
          waiting.delete(inner.id);
        } else if (inner.method) listeners.get(inner.method)?.(inner.params);
      }
    });
  });
  await ready;

  function send(method, params = {}) {
    const id = nextId++;
    socket.send(JSON.stringify({ id, method: "Target.sendMessageToTarget", params: { targetId: target, message: JSON.stringify({ id, method, params }) } }));
    return new Promise((resolve) => waiting.set(id, resolve));
  }

  /** The value of an expression in the page (a promise's once it settles). */
  async function evaluate(expression) {
    const r = (await send("Runtime.evaluate", { expression, returnByValue: false })).result;
    if (r?.wasThrown) throw new Error(`${expression.slice(0, 60)}…: ${r.result?.description}`);
    // WebKit's Runtime.evaluate does not wait for a promise: Runtime.awaitPromise does.
    if (r?.result?.className === "Promise") return (await send("Runtime.awaitPromise", { promiseObjectId: r.result.objectId, returnByValue: true })).result.result.value;
    // An object comes back as a handle: ask for its value.
    if (r?.result?.objectId) return (await send("Runtime.callFunctionOn", { objectId: r.result.objectId, functionDeclaration: "function () { return this; }", returnByValue: true })).result.result.value;
    return r?.result?.value;
  }

  const on = (method, handler) => listeners.set(method, handler);
  return { send, evaluate, on };
}

/** Imports `file` (its path answered through `CALLFLOW_TEST_DIALOG_ANSWERS`) and waits until the
 * flow is open. */
export async function importFlow(page, file) {
  fs.appendFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, `${file}\n`);
  await page.evaluate(`document.querySelector("[data-testid='import']").click()`);
  for (let i = 0; i < 200; i++) {
    await sleep(100);
    if (/synthetic/i.test((await page.evaluate(`document.querySelector("[data-testid='flow-name']")?.value`)) ?? "")) return;
  }
  throw new Error(`${file} did not open`);
}

/** The box nearest the centre of the canvas: its id and the middle of its name (page coordinates). */
export function centralBox(page) {
  return page.evaluate(`(() => {
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    let best = null, bestDistance = Infinity;
    for (const node of document.querySelectorAll(".react-flow__node-component")) {
      const r = node.getBoundingClientRect();
      const d = Math.hypot(r.left + r.width / 2 - pane.left - pane.width / 2, r.top + r.height / 2 - pane.top - pane.height / 2);
      if (r.width > 0 && d < bestDistance) { bestDistance = d; best = node; }
    }
    const r = best.querySelector(".cf-node-name").getBoundingClientRect();
    return { id: best.getAttribute("data-id"), x: r.left + r.width / 2, y: r.top + r.height / 2 };
  })()`);
}
