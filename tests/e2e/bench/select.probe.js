// Probe: how soon a click on a box in the 1,000-component flow shows (BENCHMARKS.md, "Selecting a
// box"). Not a test and not part of `make bench`: run it with
//   cd tests/e2e && CALLFLOW_APP_BIN=… CALLFLOW_SYNTH_DIR=… \
//     xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1 \
//     npx --no-install wdio run ./wdio.probe.conf.js --spec ./bench/select.probe.js
// Clicks up to 8 boxes in turn, each not selected before, and times from the pointer-down event to
// the end of the first frame showing the box selected on the canvas, and to the end of the first
// frame showing it in the inspector. Then drags a box not selected before and records its first
// moves' time to the screen (a drag starts with a selection). Results: artifacts/select-probe.json.
import fs from "node:fs";
import path from "node:path";
import { artifacts } from "../specs/helpers.js";
import { dragFrames, percentile, startWithSyntheticFlow } from "./lib.js";

/** Boxes fully on screen, clear of the overview, with the centre of their names. */
function boxesOnScreen() {
  return browser.execute(() => {
    const pane = document.querySelector(".react-flow").getBoundingClientRect();
    return [...document.querySelectorAll(".react-flow__node-component")]
      .map((el) => {
        const r = el.querySelector(".cf-node-name")?.getBoundingClientRect();
        const inside = r && r.width > 0 && r.left > pane.left && r.right < pane.right - 220 && r.top > pane.top && r.bottom < pane.bottom - 40;
        return inside ? { id: el.getAttribute("data-id"), x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) } : null;
      })
      .filter(Boolean);
  });
}

describe("selecting a box", () => {
  it("times the click to the canvas and to the inspector", async () => {
    await startWithSyntheticFlow();
    const boxes = await boxesOnScreen();
    const clicks = [];
    for (const b of boxes.slice(1, 9)) {
      await browser.execute((id) => {
        const s = (globalThis.__sel = { id, down: null, canvas: null, inspector: null });
        window.addEventListener("pointerdown", (e) => (s.down = e.timeStamp), { capture: true, once: true });
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const now = performance.now();
          if (s.down !== null) {
            if (s.canvas === null && document.querySelector(`.react-flow__node.selected[data-id='${id}']`)) s.canvas = now - s.down;
            const title = document.querySelector("[data-testid='inspector'] .cf-panel-title")?.textContent ?? "";
            if (s.inspector === null && title.includes(id)) s.inspector = now - s.down;
          }
          if (s.canvas === null || s.inspector === null) requestAnimationFrame(() => channel.port2.postMessage(0));
        };
        requestAnimationFrame(() => channel.port2.postMessage(0));
      }, b.id);
      await browser.performActions([{ type: "pointer", id: "m", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerMove", duration: 0, x: b.x, y: b.y }, { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 }] }]);
      await browser.releaseActions();
      await browser.pause(800);
      clicks.push(await browser.execute(() => globalThis.__sel));
    }
    const canvas = clicks.map((c) => c.canvas).filter((v) => v !== null);
    const inspector = clicks.map((c) => c.inspector).filter((v) => v !== null);
    // A drag of a box not selected before: its first moves wait for the selection.
    const unselected = boxes[0];
    const drag = await dragFrames(unselected.id);
    const out = {
      clicks: clicks.length,
      to_canvas_ms: { p50: percentile(canvas, 50), max: Math.max(...canvas) },
      to_inspector_ms: { p50: percentile(inspector, 50), max: Math.max(...inspector) },
      first_drag_first_moves_to_screen_ms: drag.toScreen.slice(0, 6).map(Math.round),
      first_drag_to_screen_p95: Math.round(drag.toScreenP95),
      raw: clicks,
    };
    fs.writeFileSync(path.join(artifacts, "select-probe.json"), `${JSON.stringify(out, null, 2)}\n`);
    console.log("SELECT", JSON.stringify({ ...out, raw: undefined }));
    expect(canvas.length).toBe(clicks.length);
  });
});
