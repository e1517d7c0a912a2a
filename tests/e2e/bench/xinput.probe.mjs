// Probe: drags with real X input, the app alone (no WebDriver), rounds of the same drag each
// undone (BENCHMARKS.md, "The inspector's scrollbar"). WebDriver's actions and its script calls
// between the rounds are not what a user's mouse does; this probe moves the pointer with
// `xdotool` (Debian's package, installed by hand: `apt-get install xdotool`) and reads the page
// through WebKit's remote inspector. Not a test and not part of `make bench`:
//   export HOME=$(mktemp -d) ANSWERS=$(mktemp); Xvfb :77 -screen 0 1280x800x24 & export DISPLAY=:77
//   WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:9226 CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS \
//     dbus-run-session -- target-app/release/callflow-studio 2>app.log &
//   sleep 8; cd tests/e2e && CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS \
//     SYNTH=artifacts/synth/synthetic-1000.callflow.json node bench/xinput.probe.mjs 9226
// It imports the synthetic flow, then drags the box nearest the centre of the canvas 180 px (90
// moves 16 ms apart), ROUNDS times (default 4), each followed by Ctrl+Z and PAUSE_MS (default
// 500). Per round: each move's time to the screen (p50, p95, moves seen: the window system drops
// moves the page is too late for), the CPU time of each process, and with APPLOG=file the lines
// the app wrote meanwhile (run the app with JSC_logGC=1 to count collections). Options: CSS adds a
// style sheet first (a variant to compare), DESELECT=1 presses Escape after each undo, PERF=1
// records the web process with `perf` during each drag (/tmp/xinput-perf-N.data), SAMPLES=1 the
// page's script with WebKit's sampling profiler (/tmp/xinput-samples-N.json: stacks of function,
// url, line and column; map them with the bundle's source map, `vite build --sourcemap`), TRACE=1
// keeps each move (when it came, epoch ms, and its time to the screen) to line up with the app's
// log (JSC_logGC=1, each line stamped with the time it was written).
// Prints one line of JSON.
import WebSocket from "ws";
import fs from "node:fs";
import { execSync, spawn } from "node:child_process";

const port = process.argv[2];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const xdotool = (args) => execSync(`xdotool ${args}`);

/** CPU time (ms) of the processes whose command line matches `pattern`. */
function cpuMs(pattern) {
  let total = 0;
  for (const pid of execSync(`pgrep -f '${pattern}' || true`).toString().split(/\s+/).filter(Boolean)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}
const PROCESSES = { app: "callflow-studio", web: "WebKitWebProcess", network: "WebKitNetworkProcess", xvfb: "^Xvfb" };
const cpu = () => Object.fromEntries(Object.entries(PROCESSES).map(([name, pattern]) => [name, cpuMs(pattern)]));
const logLines = () => (process.env.APPLOG ? fs.readFileSync(process.env.APPLOG, "utf8").split("\n").length : 0);

// The page's inspector target.
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
/** Resolves with the script profiler's samples when it reports them. */
let profiled = null;
const waiting = new Map();
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

// Each move's time to the screen: from the event to the end of the frame that shows it (the
// same measure as the bench's, lib.js `dragFrames`).
const RECORD = `(() => {
  globalThis.__toScreen = [];
  globalThis.__moves = [];
  globalThis.__recording = true;
  const pending = [], inFrames = [];
  const onMove = (e) => pending.push(e.timeStamp);
  window.addEventListener("mousemove", onMove, true);
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { const now = performance.now(); for (const at of inFrames.shift() ?? []) { globalThis.__toScreen.push(now - at); globalThis.__moves.push([Math.round(performance.timeOrigin + at), Math.round(now - at)]); } };
  const loop = () => {
    inFrames.push(pending.splice(0));
    channel.port2.postMessage(0);
    if (globalThis.__recording) requestAnimationFrame(loop); else window.removeEventListener("mousemove", onMove, true);
  };
  requestAnimationFrame(loop);
})()`;
const RESULT = `(() => {
  globalThis.__recording = false;
  const v = [...globalThis.__toScreen].sort((a, b) => a - b);
  return { p50: Math.round(v[Math.floor(v.length / 2)]), p95: Math.round(v[Math.floor(v.length * 0.95)]), moves: v.length, ...(${process.env.TRACE === "1"} ? { each: globalThis.__moves } : {}) };
})()`;
const CENTRAL = `(() => {
  const pane = document.querySelector(".react-flow").getBoundingClientRect();
  const cx = pane.left + pane.width / 2, cy = pane.top + pane.height / 2;
  let best = null, bestDistance = Infinity;
  for (const node of document.querySelectorAll(".react-flow__node-component")) {
    const r = node.getBoundingClientRect();
    const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
    if (r.width > 0 && d < bestDistance) { bestDistance = d; best = node; }
  }
  const r = best.querySelector(".cf-node-name").getBoundingClientRect();
  return { id: best.getAttribute("data-id"), x: r.left + r.width / 2, y: r.top + r.height / 2 };
})()`;

async function run() {
  fs.appendFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, `${process.env.SYNTH}\n`);
  await evaluate(`document.querySelector("[data-testid='import']").click()`);
  for (let i = 0; i < 200; i++) {
    await sleep(100);
    if (/synthetic/i.test((await evaluate(`document.querySelector("[data-testid='flow-name']")?.value`)) ?? "")) break;
  }
  await sleep(2000);
  if (process.env.CSS) await evaluate(`document.head.appendChild(Object.assign(document.createElement("style"), { textContent: ${JSON.stringify(process.env.CSS)} })).tagName`);
  // Where the page is on the screen: the pointer's position in both.
  await evaluate(`addEventListener("mousemove", (e) => { globalThis.__offset = [e.screenX - e.clientX, e.screenY - e.clientY]; }, { once: true, capture: true })`);
  xdotool("mousemove 600 300");
  await sleep(200);
  xdotool("mousemove 610 305");
  await sleep(200);
  const [dx, dy] = await evaluate("globalThis.__offset");
  const node = await evaluate(CENTRAL);
  const x = Math.round(node.x + dx);
  const y = Math.round(node.y + dy);
  let drag = `mousemove ${x} ${y} mousedown 1`;
  for (let i = 1; i <= 90; i++) drag += ` sleep 0.016 mousemove ${x + i * 2} ${y + (i % 12)}`;
  drag += " mouseup 1";
  const rounds = [];
  for (let r = 0; r < Number(process.env.ROUNDS ?? 4); r++) {
    await evaluate(RECORD);
    let perf = null;
    if (process.env.PERF === "1") {
      const pid = execSync("pgrep -f WebKitWebProcess").toString().split(/\s+/)[0];
      perf = spawn("perf", ["record", "-F", "2000", "-p", pid, "-o", `/tmp/xinput-perf-${r}.data`], { stdio: "ignore" });
      await sleep(300);
    }
    if (process.env.SAMPLES === "1") await send("ScriptProfiler.startTracking", { includeSamples: true });
    const cpuBefore = cpu();
    const linesBefore = logLines();
    xdotool(drag);
    await sleep(100);
    const cpuAfter = cpu();
    if (process.env.SAMPLES === "1") {
      const done = new Promise((resolve) => (profiled = resolve));
      await send("ScriptProfiler.stopTracking");
      fs.writeFileSync(`/tmp/xinput-samples-${r}.json`, JSON.stringify(await done));
    }
    if (perf) {
      perf.kill("SIGINT");
      await new Promise((resolve) => perf.on("exit", resolve));
    }
    rounds.push({
      to_screen: await evaluate(RESULT),
      cpu: Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, cpuAfter[k] - cpuBefore[k]])),
      log_lines: logLines() - linesBefore,
      // Undoable edits so far: 1 when the drag was one edit (each round is undone after it).
      history: await evaluate("globalThis.__callflow.state().past.length"),
    });
    xdotool("key ctrl+z");
    if (process.env.DESELECT === "1") xdotool("key Escape");
    await sleep(Number(process.env.PAUSE_MS ?? 500));
  }
  console.log(JSON.stringify({ node: node.id, rounds }));
  process.exit(0);
}

socket.on("message", (data) => {
  const message = JSON.parse(data.toString());
  if (message.method === "Target.targetCreated" && !target) {
    target = message.params.targetInfo.targetId;
    run().catch((err) => {
      console.error(err);
      process.exit(1);
    });
  } else if (message.method === "Target.dispatchMessageFromTarget") {
    const inner = JSON.parse(message.params.message);
    if (inner.id && waiting.has(inner.id)) {
      waiting.get(inner.id)(inner);
      waiting.delete(inner.id);
    } else if (inner.method === "ScriptProfiler.trackingComplete") profiled?.(inner.params.samples?.stackTraces ?? []);
  }
});
socket.on("error", (err) => {
  console.error("inspector:", err.message);
  process.exit(1);
});
