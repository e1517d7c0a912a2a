// Probe: does ending the idle layout worker stall the page? After each Auto-layout of the 1,000
// flow, records the page's animation frames for 4 s (the worker ends 2 s after its last layout,
// ui/src/canvas/layout.ts WORKER_IDLE_MS) and lists the long ones with their time since the
// laid-out flow was applied. Run by hand (see memory.probe.js for the command); prints JSON.
import { appReady } from "../specs/helpers.js";
import { openSynthetic } from "./lib.js";

describe("the layout worker's end", () => {
  it("records frames after Auto-layout", async () => {
    await browser.setTimeout({ script: 180000 });
    await appReady();
    await openSynthetic(1000);
    await browser.pause(3000);
    const rounds = [];
    for (let round = 0; round < Number(process.env.PROBE_ROUNDS ?? 3); round++) {
      const r = await browser.executeAsync((done) => {
        const button = document.querySelector("[data-testid='layout']");
        button.click();
        let seenBusy = false;
        const t0 = performance.now();
        const wait = () => {
          seenBusy ||= button.disabled;
          if (seenBusy && !button.disabled) record(performance.now());
          else if (performance.now() - t0 > 120000) done({ error: "layout did not finish" });
          else setTimeout(wait, 5);
        };
        const record = (applied) => {
          const long = [];
          let last = performance.now();
          const loop = (t) => {
            if (t - last > 30) long.push({ at: Math.round(last - applied), ms: Math.round(t - last) });
            last = t;
            if (t - applied < 4000) requestAnimationFrame(loop);
            else done({ layoutMs: Math.round(applied - t0), long });
          };
          requestAnimationFrame(loop);
        };
        wait();
      });
      rounds.push(r);
      await browser.pause(1000);
    }
    console.log(`WORKEREND ${JSON.stringify(rounds)}`);
  });
});
