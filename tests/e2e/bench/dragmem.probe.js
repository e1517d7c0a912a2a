// Probe: what drags in the 1,000-component flow do to memory (BENCHMARKS.md, "The memory floor"): PSS
// after opening, 3 s after each of six drags (each undone), and 20 s after the last. Run by hand:
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 npx --no-install wdio run ./wdio.probe.conf.js --spec bench/dragmem.probe.js
// Results: artifacts/dragmem-probe.json.
import fs from "node:fs";
import path from "node:path";
import { appReady, artifacts } from "../specs/helpers.js";
import { centralNode, dragFrames, memoryMb, openSynthetic } from "./lib.js";

describe("memory per drag", () => {
  it("drags six times", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    await openSynthetic(1000);
    await browser.pause(3000);
    const out = [{ step: "open", ...memoryMb().pss }];
    const id = (await centralNode()).id;
    for (let i = 1; i <= 6; i++) {
      await dragFrames(id);
      await browser.keys(["Control", "z"]);
      await browser.pause(3000);
      out.push({ step: `drag${i}`, ...memoryMb().pss });
    }
    await browser.pause(20000);
    out.push({ step: "after 20 s", ...memoryMb().pss });
    fs.writeFileSync(path.join(artifacts, "dragmem-probe.json"), `${JSON.stringify(out, null, 2)}\n`);
  });
});
