// Probe: how long saving a picture of the 1,000-component flow takes (BENCHMARKS.md, "Editing
// actions in a large flow"). Not a test and not part of `make bench`: run it with
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 \
//     npx --no-install wdio run ./wdio.probe.conf.js --spec ./bench/picture.probe.js
// Each format is timed from the click on its button to the file on disk and the dialog saying
// where (the scripted save dialog answers at once), three times, with the web and app
// processes' CPU time and the page's longest stall meanwhile. PROBE_SIZE (default 1000) picks the synthetic flow.
// Results: artifacts/picture-probe.json.
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, artifacts } from "../specs/helpers.js";
import { cpuMs, startWithSyntheticFlow } from "./lib.js";

describe("saving a picture of a large flow", () => {
  it("times SVG and PNG", async () => {
    await startWithSyntheticFlow();
    await $("[data-testid='export-dialog-button']").click();
    await $("[data-testid='export-dialog']").waitForDisplayed({ timeout: 5000 });
    const results = {};
    for (const format of ["svg", "png", "png", "png"]) {
      const file = path.join(artifacts, `picture-probe.${format}`);
      fs.rmSync(file, { force: true });
      answerNextDialog(file);
      // The page's longest stall meanwhile: a timer every 10 ms notes the gaps.
      await browser.execute(() => {
        const watch = (globalThis.__stall = { max: 0, last: performance.now() });
        watch.timer = setInterval(() => {
          const now = performance.now();
          watch.max = Math.max(watch.max, now - watch.last);
          watch.last = now;
        }, 10);
      });
      const cpu0 = cpuMs("WebKitWebProcess") + cpuMs("callflow-studio");
      const t0 = Date.now();
      await $(`[data-testid='export-${format}']`).click();
      await browser.waitUntil(() => fs.existsSync(file), { timeout: 120000, interval: 50, timeoutMsg: `no ${format} written` });
      const written = Date.now() - t0;
      await browser.waitUntil(async () => (await $("[data-testid='export-picture-result']").getText()).includes(file), { timeout: 20000, interval: 50 });
      const said = Date.now() - t0;
      const cpu = cpuMs("WebKitWebProcess") + cpuMs("callflow-studio") - cpu0;
      const stall = await browser.execute(() => {
        clearInterval(globalThis.__stall.timer);
        return Math.round(globalThis.__stall.max);
      });
      (results[format] ??= []).push({ written_ms: written, said_ms: said, cpu_ms: cpu, page_longest_stall_ms: stall, bytes: fs.statSync(file).size });
      console.log(format, written, said, cpu);
      await browser.pause(1000);
    }
    fs.writeFileSync(path.join(artifacts, "picture-probe.json"), `${JSON.stringify(results, null, 2)}\n`);
  });
});
