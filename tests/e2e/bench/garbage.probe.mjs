// Probe: how much JavaScript garbage a drag makes, and where (BENCHMARKS.md, "What is left of the
// drag: the collector"). The app alone, driven through WebKit's remote inspector, its collector
// logging (`JSC_logGC=1`) into a file whose lines are stamped with the time they were written.
// Each step runs 90 times 16 ms apart in the page between two full collections forced through the
// inspector (`Heap.gc`); what the heap grew by between them, read from the log, is what the step
// allocated. Steps: idle; `dragTo` (the store's drag update called from the page: the store, our
// render and React Flow's, without pointer events); a drag as synthetic mouse events on the box
// (d3-drag and React Flow's handlers too). Not a test and not part of `make bench`:
//   export HOME=$(mktemp -d) ANSWERS=$(mktemp); Xvfb :77 -screen 0 1280x800x24 & export DISPLAY=:77
//   JSC_logGC=1 WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:9226 CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS \
//     dbus-run-session -- target-app/release/callflow-studio 2>&1 | \
//     python3 -u -c 'import sys,time; [print("%.3f %s" % (time.time(), l), end="") for l in sys.stdin]' > gc.log &
//   sleep 8; cd tests/e2e && APPLOG=../../gc.log CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS \
//     SYNTH=artifacts/synth/synthetic-1000.callflow.json node bench/garbage.probe.mjs 9226
// STEPS=a,b,... picks the steps (default idle, dragTo, synthetic drag, twice); the others are
// "notify" and "dragTo far" (see STEPS below).
// Prints one line per step: collections during it and kB allocated (per step's run of 90).
import fs from "node:fs";
import { centralBox, importFlow, inspectPage, sleep } from "./inspector.mjs";

const page = await inspectPage(process.argv[2]);
const { send, evaluate } = page;

/** What the page runs each time (`i` counts 0..89, `ID` is the dragged box). */
const STEPS = {
  idle: "",
  // Every subscriber of our store told of a change that renders nothing (zustand's notify and
  // every selector).
  notify: `globalThis.__callflow.state().setError(null);`,
  // dragTo of a box far from the view, never drawn: the store, the canvas's node lists and React
  // Flow's store, without a box's render.
  "dragTo far": `const s = globalThis.__callflow.state();
    if (i === 0) s.beginGesture();
    const p = s.doc.layout.components[FAR];
    s.dragTo({ [FAR]: { x: p.x + i * 2, y: p.y + (i % 12) } });
    if (i === 89) s.endGesture();`,
  dragTo: `const s = globalThis.__callflow.state();
    if (i === 0) s.beginGesture();
    const p = s.doc.layout.components[ID];
    s.dragTo({ [ID]: { x: p.x + i * 2, y: p.y + (i % 12) } });
    if (i === 89) s.endGesture();`,
  "synthetic drag": `const el = document.querySelector(\`.react-flow__node[data-id="\${ID}"] .cf-node-name\`);
    if (i === 0) { const r = el.getBoundingClientRect(); globalThis.__from = [r.left + r.width / 2, r.top + r.height / 2]; }
    const [x, y] = globalThis.__from;
    const send = (type, dx, dy) => el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x + dx, clientY: y + dy, button: 0, buttons: type === "mouseup" ? 0 : 1, view: window }));
    if (i === 0) send("mousedown", 0, 0);
    send("mousemove", i * 2, i % 12);
    if (i === 89) send("mouseup", 178, 0);`,
};

/** The collector's log: each collection's start (heap size) and end (size after the sweep). */
function collections() {
  const out = [];
  for (const line of fs.readFileSync(process.env.APPLOG, "utf8").split("\n")) {
    const at = Number(line.slice(0, line.indexOf(" "))) * 1000;
    const start = / START \S+ (\d+)kb/.exec(line);
    const end = /finalize \w+ sweep: \d+kb => (\d+)kb/.exec(line);
    if (start) out.push({ at, start: Number(start[1]) });
    else if (end && out.length > 0) out.at(-1).end = Number(end[1]);
  }
  return out;
}

async function collect() {
  await send("Heap.gc");
  await sleep(300);
  return Date.now();
}

async function run() {
  await importFlow(page, process.env.SYNTH);
  await sleep(3000);
  const { id } = await centralBox(page);
  // The component farthest from the central box.
  const far = await evaluate(`(() => {
    const layout = globalThis.__callflow.state().doc.layout.components, c = layout[${JSON.stringify(id)}];
    let best = null, bestDistance = -1;
    for (const [id, p] of Object.entries(layout)) { const d = Math.hypot(p.x - c.x, p.y - c.y); if (d > bestDistance) { bestDistance = d; best = id; } }
    return best;
  })()`);
  const names = process.env.STEPS ? process.env.STEPS.split(",") : ["idle", "dragTo", "synthetic drag", "idle", "dragTo", "synthetic drag"];
  for (const name of names) {
    const from = await collect();
    await evaluate(`new Promise((done) => {
      const ID = ${JSON.stringify(id)}, FAR = ${JSON.stringify(far)};
      let i = 0;
      const step = () => { ${STEPS[name]}; if (++i < 90) setTimeout(step, 16); else setTimeout(done, 100); };
      step();
    })`);
    const to = await collect();
    // The heap's growth over each cycle from the collection before the step to the one after.
    const all = collections();
    const before = all.filter((c) => c.at <= from).at(-1);
    const during = all.filter((c) => c.at > from && c.at <= to);
    let allocated = 0;
    let base = before.end;
    for (const c of during) {
      allocated += c.start - base;
      base = c.end ?? base;
    }
    console.log(`${name}: ${during.length - 1} collections of its own, ${allocated} kB allocated, ${Math.round(allocated / 90)} kB a step`);
    await sleep(1200); // past the autosave a drag's end schedules
  }
  process.exit(0);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
