// Probe: how the resident memory (PSS of the app's three processes) evolves after the 1,000-component
// flow is imported, idle, without other interaction (BENCHMARKS.md, "The memory floor"). Run by hand:
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 npx --no-install wdio run ./wdio.probe.conf.js --spec bench/memory.probe.js
// Results: artifacts/memory-probe.json.
import fs from "node:fs";
import path from "node:path";
import { appReady, artifacts, pidsOf } from "../specs/helpers.js";
import { dragFrames, memoryMb, openSynthetic } from "./lib.js";

const pss = () => memoryMb().pss;

/** Keeps /proc/PID/smaps of the app and web processes, when PROBE_SMAPS names a folder. */
function smaps(label) {
  const dir = process.env.PROBE_SMAPS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["callflow-studio", "WebKitWebProcess"]) {
    for (const pid of pidsOf(name)) {
      fs.writeFileSync(path.join(dir, `${label}-${name}-${pid}.smaps`), fs.readFileSync(`/proc/${pid}/smaps`, "utf8"));
    }
  }
}

/** PSS at each of `seconds` from now (and smaps copies labelled `label` and the second). */
async function sampleAt(seconds, label) {
  const samples = [];
  let last = 0;
  for (const t of seconds) {
    await browser.pause((t - last) * 1000);
    last = t;
    samples.push({ t, ...pss() });
    smaps(`${label}${t}`);
  }
  return samples;
}

describe("memory after an import", () => {
  it("samples PSS over a minute", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    const out = { first: await browser.getTitle(), idle: await sampleAt([3, 10], "idle") };
    // PROBE_DRAG=1: drag a box of the flow open at start first, as the bench does.
    if (process.env.PROBE_DRAG) {
      await dragFrames();
      out.after_drag = await sampleAt([3], "drag");
    }
    out.open_ms = Math.round((await openSynthetic(1000)).ms);
    out.after_open = await sampleAt([3, 10, 20, 40, 60], "open");
    fs.writeFileSync(path.join(artifacts, "memory-probe.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify(out));
  });
});
