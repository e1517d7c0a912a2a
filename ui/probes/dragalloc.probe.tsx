// Where a drag's garbage is allocated: the canvas of a 1,000-component flow rendered in jsdom with
// React Flow, 90 drag steps through the store (as `bench/garbage.probe.mjs`'s "dragTo" does in the
// app), V8's sampling heap profiler counting what was allocated, collected or not, by function.
// The app runs JavaScriptCore, whose objects are not V8's size: the shares are what counts.
//   cd ui && [DRAG=pointer] [REACT=development] npx vitest run --config probes/vitest.config.ts
// (SYNTH=file picks another flow; BENCHMARKS.md, App, "Latest (2026-12-05 02:25-03:15 UTC)").
import { Session } from "node:inspector/promises";
import fs from "node:fs";
import path from "node:path";
import { ReactFlowProvider } from "@xyflow/react";
import { createRoot } from "react-dom/client";
import { flushSync } from "react-dom";
import { it } from "vitest";
import { Canvas } from "../src/canvas/Canvas";
import { canvasApi } from "../src/canvas/api";
import { useStore } from "../src/store/store";
import { loadCatalog } from "../src/test/fixtures";
import { installReactFlowEnv } from "../src/test/reactflowEnv";
import type { FlowFile } from "../src/bindings/FlowFile";

installReactFlowEnv();

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

it("profiles a drag's allocations", async () => {
  const file = process.env.SYNTH ?? path.resolve("../tests/e2e/artifacts/synth/synthetic-1000.callflow.json");
  useStore.getState().setCatalog(loadCatalog());
  useStore.getState().load(JSON.parse(fs.readFileSync(file, "utf8")) as FlowFile, null);
  const host = document.createElement("div");
  document.body.append(host);
  const root = createRoot(host);
  flushSync(() =>
    root.render(
      <ReactFlowProvider>
        <Canvas />
      </ReactFlowProvider>,
    ),
  );
  for (let i = 0; i < 5; i++) await settle();
  const layout = useStore.getState().doc!.layout.components;
  const ids = Object.keys(layout);
  const id = ids[Math.floor(ids.length / 2)]!;
  canvasApi.current!.reveal(id);
  for (let i = 0; i < 5; i++) await settle();
  console.log("drawn boxes:", host.querySelectorAll(".react-flow__node").length, "edges:", host.querySelectorAll(".react-flow__edge").length);

  // A drag through the store alone (DRAG=store, as the garbage probe's "dragTo"), or as mouse
  // events on the box (DRAG=pointer: d3-drag and React Flow's handlers too, moves once a frame).
  const pointer = process.env.DRAG === "pointer";
  const frame = () => new Promise((resolve) => setTimeout(resolve, 17));
  const drag = async (rounds: number) => {
    const p = layout[id]!;
    if (pointer) {
      const el = host.querySelector(`.react-flow__node[data-id="${id}"] .cf-node-name`)!;
      // d3-drag listens on the event's `view`; jsdom checks a `view` given to the constructor
      // against its own window class, which vitest's global window is not.
      const fire = (type: string, dx: number, dy: number) => {
        const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: 500 + dx, clientY: 350 + dy, button: 0, buttons: type === "mouseup" ? 0 : 1 });
        Object.defineProperty(event, "view", { value: window });
        el.dispatchEvent(event);
      };
      fire("mousedown", 0, 0);
      for (let i = 1; i <= rounds; i++) {
        fire("mousemove", i * 2, i % 12);
        await frame();
      }
      fire("mouseup", rounds * 2, 0);
      await frame();
      return;
    }
    useStore.getState().beginGesture();
    for (let i = 0; i < rounds; i++) {
      useStore.getState().dragTo({ [id]: { x: p.x + i * 2, y: p.y + (i % 12) } });
      await settle();
    }
    useStore.getState().endGesture();
    await settle();
  };
  await drag(30); // warm up

  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 256, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await drag(90);
  const { profile } = await session.post("HeapProfiler.stopSampling");
  session.disconnect();

  // Self bytes by function and by the chain of the four innermost frames.
  interface ProfileNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: ProfileNode[] }
  const bySelf = new Map<string, number>();
  const byChain = new Map<string, number>();
  let total = 0;
  const name = (n: ProfileNode) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace(/.*node_modules\//, "").replace(/.*\/ui\//, "")}:${n.callFrame.lineNumber + 1}`;
  const walk = (n: ProfileNode, stack: string[]) => {
    const here = [...stack, name(n)];
    if (n.selfSize > 0) {
      total += n.selfSize;
      bySelf.set(here.at(-1)!, (bySelf.get(here.at(-1)!) ?? 0) + n.selfSize);
      const chain = here.slice(-4).join(" < ");
      byChain.set(chain, (byChain.get(chain) ?? 0) + n.selfSize);
    }
    for (const c of n.children) walk(c, here);
  };
  walk(profile.head as ProfileNode, []);
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, b]) => `${(b / 90 / 1024).toFixed(1).padStart(7)} kB/step  ${f}`).join("\n");
  const moved = useStore.getState().doc!.layout.components[id]!;
  console.log(`moved from ${JSON.stringify(layout[id])} to ${JSON.stringify(moved)}; undo steps ${useStore.getState().past.length}`);
  console.log(`NODE_ENV=${process.env.NODE_ENV}, DRAG=${pointer ? "pointer" : "store"}; allocated ${(total / 90 / 1024).toFixed(1)} kB a step (sampled)\n\nby function:\n${top(bySelf, 30)}\n\nby innermost frames:\n${top(byChain, 25)}`);
  root.unmount();
});
