// What the app benchmarks share (tests/e2e/bench): reading the app's processes, opening a flow,
// finding and dragging a box. Used by budgets.bench.js (`make bench-app`) and the probes
// (`*.probe.js`, see BENCHMARKS.md).
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, appReady, artifacts, pidsOf, setLanguage } from "../specs/helpers.js";

/** The synthetic flow of `n` components (`make bench-app` writes them). */
export const synth = (n) => path.join(process.env.CALLFLOW_SYNTH_DIR ?? artifacts, `synthetic-${n}.callflow.json`);

/** Imports the synthetic flow of `n` components and measures until its boxes are drawn (see `openAndShow`). */
export function openSynthetic(n) {
  const file = synth(n);
  return openAndShow(file, JSON.parse(fs.readFileSync(file, "utf8")).flow.name);
}


export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Memory (MB) of the app and its WebKit processes, from /proc/PID/smaps_rollup: resident (RSS:
 * counts the WebKit and GTK libraries once in every process that maps them), proportional (PSS:
 * shared pages split between the processes sharing them, so the three add up to what the app
 * costs the machine) and private (USS: pages no other process has).
 */
export function memoryMb() {
  const processes = { app: "callflow-studio", web_process: "WebKitWebProcess", network_process: "WebKitNetworkProcess" };
  const kb = { rss: {}, pss: {}, uss: {} };
  for (const [role, name] of Object.entries(processes)) {
    for (const m of Object.values(kb)) m[role] = 0;
    for (const pid of pidsOf(name)) {
      let text = "";
      try {
        text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      } catch {
        continue;
      }
      const field = (f) => Number(new RegExp(`^${f}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
      kb.rss[role] += field("Rss");
      kb.pss[role] += field("Pss");
      kb.uss[role] += field("Private_Clean") + field("Private_Dirty");
    }
  }
  const mb = (x) => Math.round(x / 1024);
  const summary = (m) => ({ app: mb(m.app), web_process: mb(m.web_process), network_process: mb(m.network_process), total: mb(m.app + m.web_process + m.network_process) });
  const rss = summary(kb.rss);
  return { ...rss, webkit: rss.web_process + rss.network_process, pss: summary(kb.pss), uss: summary(kb.uss) };
}

/** When the app's process started (epoch ms, 10 ms resolution), from /proc; -1 if unknown. */
export function appProcessStartMs() {
  try {
    const pid = pidsOf("callflow-studio")[0];
    // Field 22 of /proc/PID/stat: start time in clock ticks since boot (counted after the command
    // name, which is in parentheses and may hold spaces); /proc/uptime: seconds since boot.
    const ticksPerSecond = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }));
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const startTicks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    const uptime = Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    return Math.round(Date.now() - (uptime - startTicks / ticksPerSecond) * 1000);
  } catch {
    return -1;
  }
}

export function loadAverage() {
  return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/** CPU time (ms, user + system, 10 ms resolution) the processes called `name` have used. */
export function cpuMs(name) {
  let total = 0;
  for (const pid of pidsOf(name)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields 14 and 15 (utime, stime, in clock ticks of 10 ms), counted after the command name.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // ended meanwhile
    }
  }
  return total;
}

/** Clicks Import (the dialog answers `file`) and measures until the flow's boxes are drawn. */
export async function openAndShow(file, expectedName) {
  answerNextDialog(file);
  return browser.executeAsync((name, done) => {
    if (globalThis.__callflowFacts) globalThis.__callflowFacts.importMs = undefined;
    const t0 = performance.now();
    document.querySelector("[data-testid='import']").click();
    const poll = () => {
      const input = document.querySelector("[data-testid='flow-name']");
      // Drawn: the flow is the new one and its visible boxes have been measured (React Flow
      // shows a box only once measured: visibility is set when it has a size).
      const shown = [...document.querySelectorAll(".react-flow__node")].filter((n) => getComputedStyle(n).visibility !== "hidden").length;
      if (input && input.value === name && shown > 0) {
        // Animation frames stall under WebKitGTK when nothing repaints: poll with timers.
        setTimeout(() => done({ ms: performance.now() - t0, importMs: globalThis.__callflowFacts?.importMs ?? -1, shown, inDom: document.querySelectorAll(".react-flow__node").length }), 0);
      } else if (performance.now() - t0 > 100000) done({ ms: -1, shown, importMs: -1, inDom: 0 });
      else setTimeout(poll, 5);
    };
    poll();
  }, expectedName);
}

/** The drawn component box nearest the centre of the canvas, in viewport pixels. */
export async function centralNode() {
  return browser.execute(() => {
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    const cx = pane.left + pane.width / 2;
    const cy = pane.top + pane.height / 2;
    let best = null;
    for (const el of document.querySelectorAll(".react-flow__node-component")) {
      const r = el.querySelector(".cf-node-name")?.getBoundingClientRect();
      if (!r || r.width === 0 || r.left < pane.left || r.right > pane.right - 200 || r.top < pane.top || r.bottom > pane.bottom) continue;
      const d = Math.hypot(r.left + r.width / 2 - cx, r.top + r.height / 2 - cy);
      if (!best || d < best.d) best = { d, id: el.getAttribute("data-id"), x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    }
    return best;
  });
}

/** The centre of the name of the box with `id`, in viewport pixels. */
export async function nodeCentre(id) {
  return browser.execute((id) => {
    const r = document.querySelector(`.react-flow__node[data-id='${id}'] .cf-node-name`).getBoundingClientRect();
    return { id, x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
  }, id);
}

/** Drags a node (the one with `id`, else the one nearest the centre) with 90 small pointer moves
 * while recording the time between animation frames, each move's script time, and each move's
 * time to the screen: from the pointer event (its `timeStamp`, so time spent waiting behind
 * earlier work counts) to the end of the frame that shows it, i.e. when a message posted from
 * that frame's animation callback arrives, after WebKit has done its style, layout and painting
 * (a probe with a box made expensive to paint saw that interval grow from 6-9 to 36-50 ms).
 *
 * Why both: the time between animation frames is bounded by the display's refresh, not by the
 * work. With compositing off, WebKit runs animation frames at 60 Hz plus one per input event, so
 * an idle page already shows intervals up to 16.7 ms (p95 16, max 16 in `idleFrames`). The work
 * a drag costs each frame, the "16 ms frame budget", is the move's time to the screen. */
export async function dragFrames(id) {
  const target = id ? await nodeCentre(id) : await centralNode();
  if (!target) throw new Error("no component box on screen to drag");
  await browser.execute(() => {
    globalThis.__callflowMarks = [];
    globalThis.__frames = [];
    globalThis.__toScreen = [];
    const pending = [];
    const inFrames = [];
    const onMove = (e) => pending.push(e.timeStamp);
    window.addEventListener("mousemove", onMove, true);
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      for (const at of inFrames.shift() ?? []) globalThis.__toScreen.push(now - at);
    };
    let last = performance.now();
    const loop = (t) => {
      globalThis.__frames.push(t - last);
      last = t;
      inFrames.push(pending.splice(0));
      channel.port2.postMessage(0);
      if (globalThis.__recording) requestAnimationFrame(loop);
      else window.removeEventListener("mousemove", onMove, true);
    };
    globalThis.__recording = true;
    requestAnimationFrame(loop);
  });
  const { x, y } = target;
  const leftOf = (id) => {
    const el = document.querySelector(`.react-flow__node[data-id='${id}'] .cf-node-name`);
    return el ? Math.round(el.getBoundingClientRect().left) : null;
  };
  const before = await browser.execute(leftOf, target.id);
  const moves = [];
  for (let i = 1; i <= 90; i++) moves.push({ type: "pointerMove", duration: 16, x: x + i * 2, y: y + (i % 12) });
  await browser.performActions([
    { type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, x, y }, { type: "pointerDown", button: 0 }, ...moves, { type: "pointerUp", button: 0 }] },
  ]);
  await browser.releaseActions();
  const { frames, toScreen } = await browser.executeAsync((done) => {
    globalThis.__recording = false;
    // The last frame's message, then the numbers.
    setTimeout(() => done({ frames: globalThis.__frames.slice(2), toScreen: globalThis.__toScreen }), 100);
  });
  const script = await browser.execute(() => {
    // Each move's script time: its "move" mark to the next "move-done" (lib/marks.ts).
    const starts = [];
    const moves = [];
    const all = globalThis.__callflowMarks ?? [];
    for (const [label, at] of all) {
      if (label === "move") starts.push(at);
      else if (label === "move-done" && starts.length > 0) moves.push(at - starts.shift());
    }
    globalThis.__callflowMarks = undefined;
    return { moves, all };
  });
  const after = await browser.execute(leftOf, target.id);
  return {
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: Math.max(...frames),
    frames: frames.length,
    toScreenP50: percentile(toScreen, 50),
    toScreenP95: percentile(toScreen, 95),
    toScreenMax: Math.max(...toScreen),
    movesSeen: toScreen.length,
    toScreen,
    scriptP50: script.moves.length ? percentile(script.moves, 50) : -1,
    scriptP95: script.moves.length ? percentile(script.moves, 95) : -1,
    scriptEach: script.moves,
    moves: script.moves.length,
    marks: script.all,
    node: target.id,
    moved: before !== null && after !== null && after > before,
  };
}

/** The time between animation frames on a page where nothing happens, over `count` frames: the
 * floor of `dragFrames`' frame intervals on this machine (see there). */
export async function idleFrames(count = 120) {
  const frames = await browser.executeAsync((count, done) => {
    const out = [];
    let last = performance.now();
    const loop = (t) => {
      out.push(t - last);
      last = t;
      if (out.length < count) requestAnimationFrame(loop);
      else done(out.slice(2));
    };
    requestAnimationFrame(loop);
  }, count);
  return { p50: percentile(frames, 50), p95: percentile(frames, 95), max: Math.max(...frames) };
}

/** A probe's start: the app ready, in English, with the synthetic flow of PROBE_SIZE components
 * (default 1000) open and settled for 3 s. */
export async function startWithSyntheticFlow() {
  await browser.setTimeout({ script: 180000 });
  await appReady();
  await setLanguage("en");
  await openSynthetic(Number(process.env.PROBE_SIZE ?? 1000));
  await browser.pause(3000);
}
