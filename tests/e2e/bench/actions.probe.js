// Probe: how long the everyday editing actions take in the 1,000-component flow (BENCHMARKS.md,
// "Editing actions in a large flow"). Not a test and not part of `make bench`: run it with
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 \
//     npx --no-install wdio run ./wdio.probe.conf.js --spec ./bench/actions.probe.js
// Each action is timed from its WebDriver command to the page's main thread answering the next
// one (busy until then), with the web process's CPU time over the action and a settling second.
// PROBE_SIZE (default 1000) picks the synthetic flow. Results: artifacts/actions-probe.json.
import fs from "node:fs";
import path from "node:path";
import { answerNextDialog, artifacts } from "../specs/helpers.js";
import { centralNode, cpuMs, startWithSyntheticFlow } from "./lib.js";

describe("editing actions in a large flow", () => {
  it("times each action", async () => {
    await startWithSyntheticFlow();
    const results = {};
    const time = async (label, action) => {
      const cpu0 = cpuMs("WebKitWebProcess") + cpuMs("callflow-studio");
      const t0 = Date.now();
      await action();
      await browser.execute(() => 1);
      const busy = Date.now() - t0;
      await browser.pause(1000);
      const cpu = cpuMs("WebKitWebProcess") + cpuMs("callflow-studio") - cpu0;
      results[label] = { busy_ms: busy, cpu_ms: cpu };
      console.log(label, busy, cpu);
    };
    /** How many components the flow has (deselects, so that the inspector shows the flow). */
    const componentCount = async () => {
      await browser.keys(["Escape"]);
      await browser.execute(() => document.querySelector(".react-flow__pane").dispatchEvent(new MouseEvent("click", { bubbles: true })));
      await browser.pause(300);
      return browser.execute(() => {
        for (const p of document.querySelectorAll("[data-testid='inspector'] p")) {
          const m = /^(\d+) components$/.exec(p.textContent.trim());
          if (m) return Number(m[1]);
        }
        return -1;
      });
    };
    results.components_at_start = await componentCount();
    const box = await centralNode();
    const clickBox = () => browser.performActions([{ type: "pointer", id: "m", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, x: box.x, y: box.y }, { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] }]).then(() => browser.releaseActions());
    await time("select one box", clickBox);
    await time("copy one", () => browser.keys(["Control", "c"]));
    await time("paste one", () => browser.keys(["Control", "v"]));
    await time("undo paste", () => browser.keys(["Control", "z"]));
    await time("select all", async () => {
      await clickBox();
      await browser.keys(["Control", "a"]);
    });
    results.selected = await browser.execute(() => document.querySelectorAll(".react-flow__node.selected").length);
    await time("copy all", () => browser.keys(["Control", "c"]));
    await time("paste all", () => browser.keys(["Control", "v"]));
    results.components_after_paste = await componentCount();
    await time("undo paste all", () => browser.keys(["Control", "z"]));
    await time("redo paste all", () => browser.keys(["Control", "Shift", "z"]));
    await time("undo again", () => browser.keys(["Control", "z"]));
    await time("select all again", async () => {
      await clickBox();
      await browser.keys(["Control", "a"]);
    });
    results.selected_again = await browser.execute(() => document.querySelectorAll(".react-flow__node.selected").length);
    await time("delete all but the entry", () => browser.keys(["Delete"]));
    results.components_after_delete = await componentCount();
    await time("undo delete", () => browser.keys(["Control", "z"]));
    results.components_after_undo = await componentCount();
    await time("search", async () => {
      await browser.keys(["Control", "k"]);
      await browser.keys("Menu 57".split(""));
      await browser.keys(["Enter"]);
    });
    await browser.keys(["Escape"]);
    await browser.execute(() => document.querySelector(".react-flow__pane").dispatchEvent(new MouseEvent("click", { bubbles: true })));
    await browser.pause(500);
    await time("save version", async () => {
      await $("[data-testid='version-message']").setValue("probe");
      await $("[data-testid='save-version']").click();
      await browser.pause(500);
    });
    await time("compare with draft", async () => {
      await $("[data-testid='version-compare']").click();
      await $("[data-testid='diff-banner']").waitForDisplayed({ timeout: 60000 });
    });
    await time("close diff", () => $("[data-testid='diff-close']").click());
    const exported = path.join(artifacts, "actions-probe-export.callflow.json");
    await time("export", async () => {
      answerNextDialog(exported);
      await $("[data-testid='export']").click();
      for (let i = 0; i < 600 && !fs.existsSync(exported); i++) await browser.pause(50);
    });
    results.exported_bytes = fs.existsSync(exported) ? fs.statSync(exported).size : -1;
    fs.writeFileSync(path.join(artifacts, "actions-probe.json"), `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results, null, 2));
  });
});
