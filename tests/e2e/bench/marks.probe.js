// Probe: where one move of a drag spends its time on the page's main thread (BENCHMARKS.md,
// "A drag move, step by step"). Not a test and not part of `make bench`: run it on a quiet machine with
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 \
//     npx --no-install wdio run ./wdio.probe.conf.js --spec ./bench/marks.probe.js
// Per round it also records the undoable edits the drag made (one: a gesture), the inspector's
// size, the CSS animations running as it starts, which components rendered, and the CPU time of
// each process and of each thread of the web process during it. PROBE_PAUSE_MS (default 500) is
// the wait after each undo.
// PROBE_SAMPLE=1 drags in the sample instead of the 1,000-component flow; PROBE_LAYOUT=1 lays the
// flow out first (Auto-layout); PROBE_ROUNDS (default 3) drags, each undone; PROBE_DESELECT=1
// clears the selection after each undo (the inspector then shows the flow, not the dragged box's
// form); PROBE_CSS adds a style sheet to the page first (a variant to compare); PROBE_SETTLE_MS
// (default 2000) is the wait between opening the flow and the first drag; PROBE_WARM_OTHER=1 drags
// another box in the first three rounds (is a warm-up per box or per page?).
// Each pointer move is followed through the app's marks (lib/marks.ts) and two of the probe's
// own: "pm" when the page receives the move, "raf" when the next animation frame starts and
// "after-frame" when a message posted from that frame arrives, i.e. once WebKit has done the
// frame's style, layout and painting. Results: artifacts/marks-probe.json.
import fs from "node:fs";
import path from "node:path";
import { appReady, artifacts, pidsOf, setLanguage } from "../specs/helpers.js";
import { centralNode, cpuMs, dragFrames, openSynthetic } from "./lib.js";

/** The steps of one move, in the order they happen. */
const STEPS = ["pm", "move", "canvas-render", "canvas-commit", "canvas-effects", "raf", "after-frame"];

/** Undoable edits so far (a drag inside a gesture adds one). */
const history = () => browser.execute(() => globalThis.__callflow.state().past.length);

/** CPU time (ms) of the app, the web process, Xvfb and the WebDriver. */
const cpu = () => ({ app: cpuMs("callflow-studio"), web: cpuMs("WebKitWebProcess"), xvfb: cpuMs("Xvfb"), driver: cpuMs("WebKitWebDriver") });

/** CPU time (ms) per thread name of the web process (main thread, JavaScriptCore's compiler and collector threads, ...). */
function threads() {
  const out = {};
  for (const pid of pidsOf("WebKitWebProcess")) {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
        const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        out[name] = (out[name] ?? 0) + (Number(f[11]) + Number(f[12])) * 10;
      } catch {
        // ended meanwhile
      }
    }
  }
  return out;
}

/** How often each mark other than the move's steps was seen in a drag (which panels rendered). */
function renderCounts(marks) {
  const counts = {};
  for (const [label] of marks) if (!STEPS.includes(label)) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Mean and median ms between consecutive steps, over the moves where every step was seen. */
function segments(marks) {
  const out = {};
  for (let i = 0; i < marks.length; i++) {
    if (marks[i][0] !== "pm") continue;
    const seen = [marks[i]];
    let j = i + 1;
    for (const step of STEPS.slice(1)) {
      while (j < marks.length && marks[j][0] !== step && marks[j][0] !== "pm") j++;
      if (j >= marks.length || marks[j][0] !== step) break;
      seen.push(marks[j]);
    }
    if (seen.length !== STEPS.length) continue;
    for (let k = 1; k < seen.length; k++) (out[`${seen[k - 1][0]} > ${seen[k][0]}`] ??= []).push(seen[k][1] - seen[k - 1][1]);
    (out.total ??= []).push(seen.at(-1)[1] - seen[0][1]);
  }
  const summary = {};
  for (const [name, values] of Object.entries(out)) {
    const sorted = [...values].sort((a, b) => a - b);
    summary[name] = { moves: values.length, mean: Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100, median: sorted[Math.floor(sorted.length / 2)] };
  }
  return summary;
}

describe("drag marks", () => {
  it("follows each move of a drag through the page", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    await setLanguage("en");
    if (process.env.PROBE_SAMPLE !== "1") await openSynthetic(1000);
    await browser.pause(Number(process.env.PROBE_SETTLE_MS ?? 2000));
    if (process.env.PROBE_LAYOUT === "1") {
      await $("[data-testid='layout']").click();
      await $("[data-testid='layout']").waitForEnabled({ timeout: 120000 });
      await browser.pause(1500);
    }
    if (process.env.PROBE_CSS) await browser.execute((css) => { const st = document.createElement("style"); st.textContent = css; document.head.appendChild(st); }, process.env.PROBE_CSS);
    const id = (await centralNode()).id;
    const other = await browser.execute((central) => {
      const pane = document.querySelector(".react-flow").getBoundingClientRect();
      for (const el of document.querySelectorAll(".react-flow__node-component")) {
        const r = el.querySelector(".cf-node-name")?.getBoundingClientRect();
        if (el.getAttribute("data-id") === central || !r || r.left < pane.left + 20 || r.right > pane.right - 250 || r.top < pane.top + 20 || r.bottom > pane.bottom - 60) continue;
        return el.getAttribute("data-id");
      }
      return null;
    }, id);
    console.log(`dragging ${id}${process.env.PROBE_WARM_OTHER === "1" ? ` after ${other}` : ""}`);
    await browser.execute(() => {
      // Marks go to the bench's array only while `dragFrames` records (it sets and clears it).
      const push = (label) => globalThis.__callflowMarks?.push([label, performance.now()]);
      window.addEventListener("mousemove", () => push("pm"), true);
      const channel = new MessageChannel();
      channel.port1.onmessage = () => push("after-frame");
      const loop = () => {
        push("raf");
        channel.port2.postMessage(0);
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const rounds = [];
    for (let r = 0; r < Number(process.env.PROBE_ROUNDS ?? 3); r++) {
      const before = await history();
      // What the inspector holds as the drag starts.
      const inspector = await browser.execute(() => {
        const el = document.querySelector("[data-testid='inspector']");
        return el ? { elements: el.getElementsByTagName("*").length, text: el.innerText.length, scroll: `${el.scrollHeight}/${el.clientHeight}`, fixed: el.querySelectorAll("[data-fixed]").length, focus: document.activeElement?.tagName } : null;
      });
      // CSS animations and transitions running as the drag starts (each repaints its element every frame).
      const animations = await browser.execute(() => document.getAnimations().map((a) => `${a.animationName ?? a.transitionProperty ?? "?"} on ${a.effect?.target?.className ?? a.effect?.target?.tagName ?? "?"} (${a.playState})`));
      const threadsBefore = threads();
      const cpuBefore = cpu();
      const drag = await dragFrames(process.env.PROBE_WARM_OTHER === "1" && r < 3 && other ? other : id);
      const cpuAfter = cpu();
      const threadsAfter = threads();
      const threadCpu = Object.fromEntries(Object.entries(threadsAfter).map(([k, v]) => [k, v - (threadsBefore[k] ?? 0)]).filter(([, v]) => v > 0));
      const cpuDuring = Object.fromEntries(Object.keys(cpuAfter).map((k) => [k, cpuAfter[k] - cpuBefore[k]]));
      // A drag is one undoable edit; more means its moves were edits of their own (no gesture).
      const edits = (await history()) - before;
      rounds.push({ edits, inspector, animations, cpu: cpuDuring, threads: threadCpu, frame_p50: drag.p50, frame_p95: drag.p95, to_screen_p50: drag.toScreenP50, to_screen_p95: drag.toScreenP95, to_screen: drag.toScreen.map(Math.round), script_p50: drag.scriptP50, steps: segments(drag.marks), renders: renderCounts(drag.marks) });
      await browser.keys(["Control", "z"]);
      if (process.env.PROBE_DESELECT === "1") await browser.keys("Escape");
      await browser.pause(Number(process.env.PROBE_PAUSE_MS ?? 500));
    }
    const out = { node: id, rounds };
    fs.writeFileSync(path.join(artifacts, "marks-probe.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify(out, null, 2));
    expect(rounds.every((r) => r.steps.total?.moves > 0)).toBe(true);
  });
});
