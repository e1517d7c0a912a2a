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
import fs from "node:fs";
import { execSync, spawn } from "node:child_process";
import { centralBox, importFlow, inspectPage, sleep } from "./inspector.mjs";
import { cpuMs } from "./lib.js";

const xdotool = (args) => execSync(`xdotool ${args}`);

const PROCESSES = { app: "callflow-studio", web: "WebKitWebProcess", network: "WebKitNetworkProcess", xvfb: "Xvfb" };
const cpu = () => Object.fromEntries(Object.entries(PROCESSES).map(([key, name]) => [key, cpuMs(name)]));
const logLines = () => (process.env.APPLOG ? fs.readFileSync(process.env.APPLOG, "utf8").split("\n").length : 0);

const page = await inspectPage(process.argv[2]);
const { send, evaluate } = page;
/** Resolves with the script profiler's samples when it reports them. */
let profiled = null;
page.on("ScriptProfiler.trackingComplete", (params) => profiled?.(params.samples?.stackTraces ?? []));

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
async function run() {
  await importFlow(page, process.env.SYNTH);
  await sleep(2000);
  if (process.env.CSS) await evaluate(`document.head.appendChild(Object.assign(document.createElement("style"), { textContent: ${JSON.stringify(process.env.CSS)} })).tagName`);
  // Where the page is on the screen: the pointer's position in both.
  await evaluate(`addEventListener("mousemove", (e) => { globalThis.__offset = [e.screenX - e.clientX, e.screenY - e.clientY]; }, { once: true, capture: true })`);
  xdotool("mousemove 600 300");
  await sleep(200);
  xdotool("mousemove 610 305");
  await sleep(200);
  const [dx, dy] = await evaluate("globalThis.__offset");
  const node = await centralBox(page);
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

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
