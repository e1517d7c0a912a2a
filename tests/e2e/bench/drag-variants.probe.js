// Probe: what a drag in the 1,000-component flow costs with parts of the canvas changed (BENCHMARKS.md,
// "Where a drag frame goes"). Not a test and not part of `make bench`: run it on a quiet machine with
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… PROBE_VARIANTS='{"base":"","noedges":".react-flow__edges{display:none}"}' \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 npx --no-install wdio run ./wdio.probe.conf.js
// Each variant is a style sheet injected into the page, or "js:onlyconn" (only the dragged box's
// edges shown). Every variant drags the same box PROBE_ROUNDS times (default 3; the first round of
// a run warms up), undoing each drag, and records frame times, script time per move and the CPU
// time of the app's processes during the drag, and each move's time to the screen (`dragFrames`). Results: artifacts/drag-variants.json.
import fs from "node:fs";
import path from "node:path";
import { appReady, artifacts, setLanguage } from "../specs/helpers.js";
import { centralNode, cpuMs, dragFrames, openSynthetic } from "./lib.js";

const PROCESSES = { web: "WebKitWebProcess", app: "callflow-studio", x: "Xvfb" };

function cpuNow() {
  return Object.fromEntries(Object.entries(PROCESSES).map(([k, name]) => [k, cpuMs(name)]));
}

/** Applies a variant: a style sheet, or "js:onlyconn" to hide every edge not touching `id`. */
async function applyVariant(variant, id) {
  await browser.execute((variant, id) => {
    let sheet = document.getElementById("probe-css");
    if (!sheet) {
      sheet = document.createElement("style");
      sheet.id = "probe-css";
      document.head.appendChild(sheet);
    }
    for (const svg of document.querySelectorAll(".react-flow__edges > svg")) svg.style.display = "";
    sheet.textContent = variant.startsWith("js:") ? "" : variant;
    if (variant === "js:onlyconn") {
      for (const svg of document.querySelectorAll(".react-flow__edges > svg")) {
        const label = svg.querySelector("g")?.getAttribute("aria-label") ?? "";
        if (!(label.includes(` ${id} `) || label.endsWith(` ${id}`))) svg.style.display = "none";
      }
    }
  }, variant, id);
}

describe("drag variants", () => {
  it("drags the same box under each variant", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    await setLanguage("en");
    await openSynthetic(1000);
    await browser.pause(2000);
    const id = (await centralNode()).id;
    const variants = JSON.parse(process.env.PROBE_VARIANTS ?? '{"base":""}');
    const rounds = Number(process.env.PROBE_ROUNDS ?? 3);
    const out = { node: id, rounds: {} };
    for (let round = 0; round < rounds; round++) {
      for (const [label, variant] of Object.entries(variants)) {
        await applyVariant(variant, id);
        await browser.pause(300);
        const before = cpuNow();
        const drag = await dragFrames(id);
        const after = cpuNow();
        await browser.keys(["Control", "z"]);
        await browser.pause(300);
        (out.rounds[label] ??= []).push({
          frame_p50: drag.p50,
          frame_p95: drag.p95,
          to_screen_p50: Math.round(drag.toScreenP50),
          to_screen_p95: Math.round(drag.toScreenP95),
          script_p50: Math.round(drag.scriptP50),
          cpu_ms: Object.fromEntries(Object.keys(PROCESSES).map((k) => [k, after[k] - before[k]])),
        });
      }
    }
    fs.writeFileSync(path.join(artifacts, "drag-variants.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify(out, null, 2));
    expect(Object.keys(out.rounds).length).toBe(Object.keys(variants).length);
  });
});
