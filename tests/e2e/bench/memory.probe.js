// Probe: how the resident memory (PSS of the app's three processes) evolves after the 1,000-component
// flow is imported, idle, without other interaction (BENCHMARKS.md, "The memory floor"). Run by hand:
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 npx --no-install wdio run ./wdio.probe.conf.js --spec bench/memory.probe.js
// Results: artifacts/memory-probe.json.
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { appReady, artifacts } from "../specs/helpers.js";
import { memoryMb, openAndShow, synth } from "./lib.js";

const pss = () => memoryMb().pss;

/** Keeps /proc/PID/smaps of the app and web processes, when PROBE_SMAPS names a folder. */
function smaps(label) {
  const dir = process.env.PROBE_SMAPS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["callflow-studio", "WebKitWebProcess"]) {
    for (const pid of execSync(`ps -C ${name} -o pid=`, { encoding: "utf8" }).split("\n").map(Number).filter(Boolean)) {
      fs.writeFileSync(path.join(dir, `${label}-${name}-${pid}.smaps`), fs.readFileSync(`/proc/${pid}/smaps`, "utf8"));
    }
  }
}

describe("memory after an import", () => {
  it("samples PSS over a minute", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    const out = { idle: [] };
    for (const t of [3, 10]) {
      await browser.pause(t === 3 ? 3000 : 7000);
      out.idle.push({ t, ...pss() });
      smaps(`idle${t}`);
    }
    const file = synth(1000);
    const name = JSON.parse(fs.readFileSync(file, "utf8")).flow.name;
    const open = await openAndShow(file, name);
    out.open_ms = Math.round(open.ms);
    out.after_open = [];
    let last = 0;
    for (const t of [3, 10, 20, 40, 60]) {
      await browser.pause((t - last) * 1000);
      last = t;
      out.after_open.push({ t, ...pss() });
      smaps(`open${t}`);
    }
    fs.writeFileSync(path.join(artifacts, "memory-probe.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log(JSON.stringify(out));
  });
});
