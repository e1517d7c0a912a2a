// Probe: how much of the web process's memory is JavaScript garbage not collected yet
// (BENCHMARKS.md, "Garbage the page keeps"). Drives the app started alone (no WebDriver) through
// WebKit's remote inspector: optional drags of the box nearest the centre, each undone (DRAG=n),
// the import of the synthetic 1,000 flow (its path answered through CALLFLOW_TEST_DIALOG_ANSWERS),
// PSS of the three processes 20 s later, optionally a burst of short-lived garbage (NUDGE=MB), then a
// full collection (the inspector's Heap.gc) and a summary of the live heap (Heap.snapshot).
//   export HOME=$(mktemp -d) ANSWERS=$(mktemp)
//   WEBKIT_INSPECTOR_HTTP_SERVER=127.0.0.1:9226 CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS xvfb-run -a \
//     dbus-run-session -- target-app/release/callflow-studio &
//   sleep 10; cd tests/e2e && DRAG=3 CALLFLOW_TEST_DIALOG_ANSWERS=$ANSWERS \
//     SYNTH=artifacts/synth/synthetic-1000.callflow.json node bench/heap.probe.mjs 9226
// Prints one line of JSON.
import fs from "node:fs";
import { execSync } from "node:child_process";
import { importFlow, inspectPage, sleep } from "./inspector.mjs";

const page = await inspectPage(process.argv[2]);
const { send, evaluate } = page;

function pss() {
  const out = {};
  for (const n of ["callflow-studio", "WebKitWebProcess", "WebKitNetworkProcess"]) {
    let total = 0;
    for (const pid of execSync(`pgrep -f '^/[^ ]*${n}|^${n}' || true`).toString().split(/\s+/).filter(Boolean)) {
      try { total += Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))[1]); } catch {}
    }
    out[n.replace("WebKit", "").replace("Process", "")] = Math.round(total / 1024);
  }
  out.total = Object.values(out).reduce((a, b) => a + b, 0);
  return out;
}
async function gcAndSnapshot() {
  await send("Heap.gc");
  const snap = await send("Heap.snapshot");
  const json = JSON.parse(snap.result.snapshotData);
  const names = json.nodeClassNames; const counts = {}; const sizes = {};
  for (let i = 0; i < json.nodes.length; i += 4) { const c = names[json.nodes[i + 2]]; counts[c] = (counts[c] ?? 0) + 1; sizes[c] = (sizes[c] ?? 0) + json.nodes[i + 1]; }
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  return { liveKB: Math.round(total / 1024), top: Object.entries(sizes).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${counts[k]} ${Math.round(v / 1024)}KB`) };
}
const DRAG = `new Promise(async (done) => {
  const nodes = [...document.querySelectorAll('.react-flow__node-component')];
  const pane = document.querySelector('.react-flow').getBoundingClientRect();
  const cx = pane.left + pane.width / 2, cy = pane.top + pane.height / 2;
  let best = null, bd = 1e9;
  for (const n of nodes) { const r = n.getBoundingClientRect(); const d = Math.hypot(r.left + r.width/2 - cx, r.top + r.height/2 - cy); if (d < bd && r.width > 0) { bd = d; best = n; } }
  const el = best.querySelector('.cf-node-name') ?? best;
  const r = el.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const ev = (type, x, y, t) => t.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, view: window }));
  ev('mousedown', x, y, el);
  for (let i = 1; i <= 90; i++) { await new Promise((r) => setTimeout(r, 16)); ev('mousemove', x + i * 2, y + (i % 12), el); }
  ev('mouseup', x + 180, y, el);
  setTimeout(() => done(best.getAttribute('data-id')), 100);
})`;
async function run() {
  const out = { first: await evaluate("document.title"), idle: pss() };
  if (process.env.DRAG) {
    for (let k = 0; k < Number(process.env.DRAG); k++) {
      out.dragged = await evaluate(DRAG);
      await sleep(600);
      await evaluate("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true }))");
      await sleep(600);
    }
    await sleep(3000);
    out.after_drag = pss();
  }
  if (!process.env.NOIMPORT) {
    await importFlow(page, process.env.SYNTH);
    out.opened = await evaluate("document.querySelector(\"[data-testid='flow-name']\")?.value");
    await sleep(20000);
    out.settled = pss();
  }
  if (process.env.NUDGE) {
    // A burst of short-lived garbage (NUDGE MB) to see whether JavaScriptCore then collects.
    await evaluate(`(() => { let keep = 0; for (let i = 0; i < ${Number(process.env.NUDGE)} * 1024; i++) { const a = new Array(16).fill(i); keep += a.length; } return keep; })()`);
    await sleep(10000);
    out.after_nudge = pss();
  }
  out.heap = await gcAndSnapshot();
  await sleep(5000);
  out.after_gc = pss();
  console.log(JSON.stringify(out));
  process.exit(0);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
