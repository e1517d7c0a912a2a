// The app's budgets, measured in the real release window under Xvfb (`make bench-app`).
// Figures go to tests/e2e/artifacts/bench.json; BENCHMARKS.md ("App") records them.
import { execSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { answerNextDialog, appReady, artifacts, screenshotTo, setLanguage } from "../specs/helpers.js";

const results = {};
const synth = (n) => path.join(process.env.CALLFLOW_SYNTH_DIR ?? artifacts, `synthetic-${n}.callflow.json`);
const round = (x) => Math.round(x * 10) / 10;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Memory (MB) of the app and its WebKit processes, from /proc/PID/smaps_rollup: resident (RSS:
 * counts the WebKit and GTK libraries once in every process that maps them), proportional (PSS:
 * shared pages split between the processes sharing them, so the three add up to what the app
 * costs the machine) and private (USS: pages no other process has).
 */
function memoryMb() {
  const processes = { app: "callflow-studio", web_process: "WebKitWebProcess", network_process: "WebKitNetworkProcess" };
  const kb = { rss: {}, pss: {}, uss: {} };
  for (const [role, name] of Object.entries(processes)) {
    let pids = [];
    try {
      pids = execSync(`ps -C ${name} -o pid=`, { encoding: "utf8" }).split("\n").map(Number).filter(Boolean);
    } catch {
      // none running
    }
    for (const m of Object.values(kb)) m[role] = 0;
    for (const pid of pids) {
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
function appProcessStartMs() {
  try {
    const pid = execSync("ps -C callflow-studio -o pid=", { encoding: "utf8" }).split("\n").map(Number).filter(Boolean)[0];
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

function loadAverage() {
  return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

/**
 * Starts the app on its own (no WebDriver: its session set-up adds ~0.5 s before the page loads)
 * with a library in `dataDir` and returns its start-up timings (CALLFLOW_TIMINGS, ms since the
 * process started; src-tauri/src/timings.rs), once the first boxes are painted.
 */
function startAlone(dataDir) {
  return new Promise((resolve, reject) => {
    const app = spawn(process.env.CALLFLOW_APP_BIN, [], { env: { ...process.env, CALLFLOW_TIMINGS: "1", XDG_DATA_HOME: dataDir }, stdio: ["ignore", "ignore", "pipe"] });
    const steps = {};
    let log = "";
    let partial = "";
    let exited = false;
    let settled = false;
    const settle = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) error.message += `\n--- the app's log:\n${log.slice(-2000)}`;
      const done = () => (error ? reject(error) : resolve(steps));
      if (exited) return done();
      app.once("exit", done);
      app.kill();
    };
    const timer = setTimeout(() => settle(new Error("the app did not report its first boxes painted within 20 s")), 20000);
    app.stderr.on("data", (chunk) => {
      log += chunk;
      const lines = (partial + chunk).split("\n");
      partial = lines.pop();
      for (const line of lines) {
        const m = /^CALLFLOW_TIMINGS +([\d.]+) ms +(.+)$/.exec(line);
        if (m) steps[m[2]] = Number(m[1]);
      }
      if ("first boxes painted" in steps) settle();
    });
    app.once("exit", (code, signal) => {
      exited = true;
      settle(new Error(`the app ended (${signal ?? `exit code ${code}`}) before its first boxes were painted`));
    });
    app.once("error", (e) => settle(e));
  });
}

/** Clicks Import (the dialog answers `file`) and measures until the flow's boxes are drawn. */
async function openAndShow(file, expectedName) {
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

/** Renames the flow and waits until the problems of that edit are shown (debounce excluded). */
async function roundTrip() {
  return browser.executeAsync((done) => {
    const before = globalThis.__callflowFacts?.validation;
    const input = document.querySelector("[data-testid='flow-name']");
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(input, input.value + "!");
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const t0 = performance.now();
    const poll = () => {
      const m = globalThis.__callflowFacts?.validation;
      if (m && m !== before && m.shownMs >= 0) done({ ...m, editToShownMs: performance.now() - t0 });
      else if (performance.now() - t0 > 20000) done(null);
      else setTimeout(poll, 2);
    };
    poll();
  });
}

/** The drawn component box nearest the centre of the canvas, in viewport pixels. */
async function centralNode() {
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

/** Drags a node with small pointer moves while recording the time between animation frames. */
async function dragFrames() {
  const target = await centralNode();
  if (!target) throw new Error("no component box on screen to drag");
  await browser.execute(() => {
    globalThis.__callflowMarks = [];
    globalThis.__frames = [];
    let last = performance.now();
    const loop = (t) => {
      globalThis.__frames.push(t - last);
      last = t;
      if (globalThis.__recording) requestAnimationFrame(loop);
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
  const frames = await browser.execute(() => {
    globalThis.__recording = false;
    return globalThis.__frames.slice(2);
  });
  const script = await browser.execute(() => {
    // Each move's script time: its "move" mark to the next "move-done" (lib/marks.ts).
    const starts = [];
    const moves = [];
    for (const [label, at] of globalThis.__callflowMarks ?? []) {
      if (label === "move") starts.push(at);
      else if (label === "move-done" && starts.length > 0) moves.push(at - starts.shift());
    }
    globalThis.__callflowMarks = undefined;
    return moves;
  });
  const after = await browser.execute(leftOf, target.id);
  return {
    p50: percentile(frames, 50),
    p95: percentile(frames, 95),
    max: Math.max(...frames),
    frames: frames.length,
    scriptP50: script.length ? percentile(script, 50) : -1,
    scriptP95: script.length ? percentile(script, 95) : -1,
    moves: script.length,
    node: target.id,
    moved: before !== null && after !== null && after > before,
  };
}

/** Pans the canvas by dragging the pane, and clicks a box to select it. */
async function panAndSelect() {
  // A point of the pane itself (not a box or an edge), so the drag pans.
  const pane = await browser.execute(() => {
    const r = document.querySelector(".react-flow__pane").getBoundingClientRect();
    for (let y = r.top + 20; y < r.bottom - 150; y += 17) {
      for (let x = r.left + 60; x < r.right - 260; x += 23) {
        if (document.elementFromPoint(x, y)?.classList.contains("react-flow__pane")) return { x: Math.round(x), y: Math.round(y) };
      }
    }
    return { x: Math.round(r.left + 30), y: Math.round(r.top + 30) };
  });
  const before = await browser.execute(() => document.querySelector(".react-flow__viewport").style.transform);
  const t0 = Date.now();
  const moves = [];
  for (let i = 1; i <= 20; i++) moves.push({ type: "pointerMove", duration: 16, x: pane.x + i * 10, y: pane.y + i * 5 });
  await browser.performActions([
    { type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, x: pane.x, y: pane.y }, { type: "pointerDown", button: 0 }, ...moves, { type: "pointerUp", button: 0 }] },
  ]);
  await browser.releaseActions();
  const panMs = Date.now() - t0;
  const after = await browser.execute(() => document.querySelector(".react-flow__viewport").style.transform);
  const target = await centralNode();
  const t1 = Date.now();
  await browser.performActions([
    { type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, x: target.x, y: target.y }, { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] },
  ]);
  await browser.releaseActions();
  await $(`.cf-inspector [data-component='${target.id}']`).waitForExist({ timeout: 20000 });
  return { panned: before !== after, panMs, selectMs: Date.now() - t1 };
}

/** The debugger's step (#6 budget: click Step -> the next component highlighted on the canvas,
 * under 30 ms on a 1,000-component flow). Times `count` steps of a call of the open flow;
 * decisions are answered with their first choice and a finished call restarted (not timed).
 * `paceMs`: the pause before each click, as a person clicking Step leaves (the canvas draws the
 * boxes around a moved view once the move is painted, see Canvas.tsx `followView`); 0 steps back
 * to back, so that work falls into the next step. */
async function debuggerSteps(count, paceMs) {
  await $("[data-testid='debug-toggle']").click();
  await $("[data-testid='debug-start']").click();
  await browser.waitUntil(async () => (await $("[data-testid='debug-status']").getAttribute("data-component")) !== "", { timeout: 20000 });
  const times = [];
  const scripts = [];
  const details = [];
  for (let guard = 0; times.length < count && guard < count * 4; guard++) {
    if (paceMs > 0) await browser.pause(paceMs);
    const r = await browser.executeAsync((done) => {
      const status = document.querySelector("[data-testid='debug-status']");
      const choice = document.querySelector("[data-testid='debug-decision'] button:not([disabled])");
      const step = document.querySelector("[data-testid='debug-step']");
      if (choice || status.getAttribute("data-stop") === "finished" || step.disabled) {
        (choice ?? document.querySelector("[data-testid='debug-restart']")).click();
        setTimeout(() => done({ skipped: true }), 300);
        return;
      }
      const before = status.getAttribute("data-component");
      const beforeLen = document.querySelectorAll("[data-testid='debug-timeline'] li").length;
      // `scriptMs`: until the class is in the DOM (React committed, before paint), seen by a
      // mutation observer; `ms`: until a timer runs after that (a paint usually comes first).
      let scriptMs = -1;
      const shown = () => {
        const id = status.getAttribute("data-component");
        const el = id ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"] .cf-node`) : null;
        return !!el && id !== before && (el.classList.contains("cf-dbg-current") || el.classList.contains("cf-dbg-waiting"));
      };
      const observer = new MutationObserver(() => {
        if (scriptMs < 0 && shown()) scriptMs = performance.now() - t0;
      });
      observer.observe(document.querySelector("[data-testid='canvas']"), { attributes: true, attributeFilter: ["class"], subtree: true, childList: true });
      globalThis.__callflowMarks = [];
      const t0 = performance.now();
      step.click();
      const poll = () => {
        const now = status.getAttribute("data-component");
        const moved = now !== before || document.querySelectorAll("[data-testid='debug-timeline'] li").length !== beforeLen;
        const node = now ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(now)}"] .cf-node`) : null;
        const highlighted = node && (node.classList.contains("cf-dbg-current") || node.classList.contains("cf-dbg-waiting"));
        if (moved && (highlighted || !now || document.querySelector("[data-testid='debug-decision']"))) {
          observer.disconnect();
          // Where the time went (ui/src/lib/marks.ts): each label's first and last time, and counts.
          const marks = {};
          for (const [label, at] of globalThis.__callflowMarks ?? []) {
            const m = (marks[label] ??= { first: Math.round(at - t0), last: 0, count: 0 });
            m.last = Math.round(at - t0);
            m.count++;
          }
          globalThis.__callflowMarks = undefined;
          done({ ms: performance.now() - t0, scriptMs, component: now, highlighted: !!highlighted, marks });
        } else if (performance.now() - t0 > 10000) {
          observer.disconnect();
          done({ ms: -1, component: now });
        }
        else setTimeout(poll, 1);
      };
      poll();
    });
    if (r.skipped) continue;
    if (r.ms < 0) throw new Error(`a debugger step did not show its component within 10 s (${r.component})`);
    if (r.highlighted) {
      details.push({ ms: Math.round(r.ms), scriptMs: Math.round(r.scriptMs), viewMoved: !!r.marks["focus-effect"], marks: r.marks });
      times.push(r.ms);
      if (r.scriptMs >= 0) scripts.push(r.scriptMs);
    }
  }
  await $("[data-testid='debug-toggle']").click();
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times), steps: times.length, scriptP50: percentile(scripts, 50), scriptP95: percentile(scripts, 95), details };
}

describe("app budgets", () => {
  before(async () => {
    const t0 = Date.now();
    await browser.setTimeout({ script: 180000 });
    await appReady();
    // Cold start: from the app's process starting (/proc) to the first boxes of the sample flow
    // laid out for their first paint (the canvas notes the time).
    const started = appProcessStartMs();
    const page = await browser.execute(() => ({ boxes: globalThis.__callflowFacts?.firstBoxesAt ?? -1, origin: performance.timeOrigin }));
    results.process_start_to_first_boxes_ms = started > 0 && page.boxes > 0 ? Math.round(page.boxes - started) : -1;
    // Split: the native side (process, GTK, Tauri, library, web view and its processes) until the
    // page starts loading, then the page (scripts, catalog, flow, first render).
    results.process_start_to_page_start_ms = started > 0 ? Math.round(page.origin - started) : -1;
    results.page_start_to_first_boxes_ms = page.boxes > 0 ? Math.round(page.boxes - page.origin) : -1;
    // From the WebDriver session being ready (the app process started) to a painted flow.
    results.start_to_painted_flow_ms_upper_bound = Date.now() - t0;
    results.rss_idle_mb = memoryMb();
    results.load_average_at_start = loadAverage();
    await setLanguage("en");
    // The same drag in the small sample open at start: what a frame costs here regardless of
    // the flow's size (software rendering under Xvfb, shared cores).
    await browser.pause(1000);
    const small = await dragFrames();
    results.drag_sample_frame_ms_p50 = round(small.p50);
    results.drag_sample_frame_ms_p95 = round(small.p95);
    results.drag_sample_script_ms_per_move_p95 = round(small.scriptP95);
    results.sample_components = await browser.execute(() => document.querySelectorAll(".react-flow__node-component").length);
  });

  after(() => {
    results.load_average_at_end = loadAverage();
    fs.writeFileSync(path.join(artifacts, "bench.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
  });

  // CALLFLOW_BENCH_SIZES=1000 measures one size only (quicker, while working on one budget).
  const sizes = (process.env.CALLFLOW_BENCH_SIZES ?? "1000,5000").split(",").map(Number);
  for (const n of sizes) {
    it(`opens, checks, drags, pans and selects in a ${n}-component flow`, async () => {
      const file = synth(n);
      const name = JSON.parse(fs.readFileSync(file, "utf8")).flow.name;
      const open = await openAndShow(file, name);
      results[`open_${n}_ms`] = Math.round(open.ms);
      results[`open_${n}_import_command_ms`] = Math.round(open.importMs);
      results[`open_${n}_nodes_in_dom`] = open.inDom;
      // Let the first check and the drawing settle before measuring memory.
      await browser.pause(3000);
      results[`rss_${n}_mb`] = memoryMb();
      results[`nodes_in_dom_${n}_after_open`] = await browser.execute(() => document.querySelectorAll(".react-flow__node").length);
      results[`edges_in_dom_${n}_after_open`] = await browser.execute(() => document.querySelectorAll(".react-flow__edge").length);
      results[`dom_elements_${n}_after_open`] = await browser.execute(() => document.getElementsByTagName("*").length);
      const trips = [];
      const shown = [];
      for (let i = 0; i < 7; i++) {
        const m = await roundTrip();
        if (!m) throw new Error("no validation result within 20 s");
        trips.push(m.roundTripMs);
        shown.push(m.shownMs);
        results[`check_${n}_rust_ms`] = m.rustMicros / 1000;
        results[`check_${n}_diagnostics`] = m.diagnostics;
      }
      results[`validation_ipc_round_trip_${n}_ms_median`] = round(percentile(trips, 50));
      results[`validation_round_trip_to_shown_${n}_ms_median`] = round(percentile(shown, 50));
      results[`validation_round_trip_to_shown_${n}_ms_max`] = round(Math.max(...shown));
      results[`rss_${n}_mb_after_checks`] = memoryMb();
      const drag = await dragFrames();
      results[`rss_${n}_mb_after_drag`] = memoryMb();
      results[`drag_${n}_frame_ms_p50`] = round(drag.p50);
      results[`drag_${n}_frame_ms_p95`] = round(drag.p95);
      results[`drag_${n}_frame_ms_max`] = round(drag.max);
      results[`drag_${n}_frames`] = drag.frames;
      results[`drag_${n}_script_ms_per_move_p50`] = round(drag.scriptP50);
      results[`drag_${n}_script_ms_per_move_p95`] = round(drag.scriptP95);
      results[`drag_${n}_moves`] = drag.moves;
      const usable = await panAndSelect();
      results[`pan_${n}`] = usable;
      if (n === 1000) {
        const steps = await debuggerSteps(30, 250);
        results.debugger_step_1000_pace_ms = 250;
        results.debugger_step_1000_ms_p50 = round(steps.p50);
        results.debugger_step_1000_ms_p95 = round(steps.p95);
        results.debugger_step_1000_ms_max = round(steps.max);
        results.debugger_step_1000_steps = steps.steps;
        results.debugger_step_1000_script_ms_p50 = round(steps.scriptP50);
        results.debugger_step_1000_script_ms_p95 = round(steps.scriptP95);
        results.debugger_step_1000_details = steps.details;
        expect(steps.steps).toBeGreaterThan(5);
        const backToBack = await debuggerSteps(20, 0);
        results.debugger_step_1000_back_to_back_ms_p50 = round(backToBack.p50);
        results.debugger_step_1000_back_to_back_ms_p95 = round(backToBack.p95);
        results.debugger_step_1000_back_to_back_ms_max = round(backToBack.max);
      }
      await screenshotTo(path.join(artifacts, `bench-${n}.png`));
      results[`rss_${n}_mb_after_interaction`] = memoryMb();
      expect(open.ms).toBeGreaterThan(0);
      expect(usable.panned).toBe(true);
      expect(drag.frames).toBeGreaterThan(10);
      expect(drag.moved).toBe(true);
    });
  }

  // The budget's cold start: the release app started as a user starts it, five times with a new
  // library (the first start, which also stores the samples) and five times with that library
  // again. Process start -> the first boxes of the flow painted (the app reports both).
  it("starts to a painted window", async () => {
    const firstStarts = [];
    const laterStarts = [];
    const library = fs.mkdtempSync(path.join(os.tmpdir(), "callflow-bench-start-"));
    for (let i = 0; i < 5; i++) {
      const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "callflow-bench-start-"));
      firstStarts.push(await startAlone(fresh));
      fs.rmSync(fresh, { recursive: true, force: true });
    }
    await startAlone(library);
    for (let i = 0; i < 5; i++) laterStarts.push(await startAlone(library));
    fs.rmSync(library, { recursive: true, force: true });
    const painted = (runs) => runs.map((r) => r["first boxes painted"]);
    results.cold_start_first_ms_median = round(percentile(painted(firstStarts), 50));
    results.cold_start_first_ms_max = round(Math.max(...painted(firstStarts)));
    results.cold_start_later_ms_median = round(percentile(painted(laterStarts), 50));
    results.cold_start_later_ms_max = round(Math.max(...painted(laterStarts)));
    results.cold_start_first_runs = firstStarts;
    expect(painted(firstStarts).every((ms) => ms > 0)).toBe(true);
  });
});
