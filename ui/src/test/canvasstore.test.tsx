// What a drag step costs React Flow: the canvas rendered in jsdom, React Flow's own store watched.
// A step must hand React Flow new nodes and nothing else: any other prop it is given anew (an
// inline `defaultEdgeOptions`, say) is copied into its store on every render and re-renders every
// edge (BENCHMARKS.md, App: a drag's garbage).
import { ReactFlowProvider, useStoreApi } from "@xyflow/react";
import { act, render } from "@testing-library/react";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, expect, it } from "vitest";
import { Canvas } from "../canvas/Canvas";
import { useStore, initialState } from "../store/store";
import type { FlowFile } from "../bindings/FlowFile";
import { loadCatalog } from "./fixtures";
import { installReactFlowEnv } from "./reactflowEnv";

beforeAll(installReactFlowEnv);
afterEach(() => useStore.setState(initialState()));

type FlowStore = ReturnType<typeof useStoreApi>;

function CaptureFlowStore({ into }: { into: { current: FlowStore | null } }) {
  into.current = useStoreApi();
  return null;
}

it("a drag step gives React Flow new nodes and nothing else", async () => {
  const sample = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../flows/inbound-support.callflow.json");
  useStore.getState().setCatalog(loadCatalog());
  useStore.getState().load(JSON.parse(fs.readFileSync(sample, "utf8")) as FlowFile, null);
  const flowStore: { current: FlowStore | null } = { current: null };
  render(
    <ReactFlowProvider>
      <Canvas />
      <CaptureFlowStore into={flowStore} />
    </ReactFlowProvider>,
  );
  await act(async () => {});
  const [id, from] = Object.entries(useStore.getState().doc!.layout.components)[1]!;
  expect(flowStore.current!.getState().nodeLookup.has(id)).toBe(true);

  const changed: string[][] = [];
  const stop = flowStore.current!.subscribe((next, prev) => {
    changed.push(Object.keys(next).filter((k) => next[k as keyof typeof next] !== prev[k as keyof typeof prev]));
  });
  await act(async () => useStore.getState().beginGesture());
  for (let i = 1; i <= 3; i++) await act(async () => useStore.getState().dragTo({ [id]: { x: from.x + 10 * i, y: from.y } }));
  stop();

  expect(changed).toEqual([["nodes"], ["nodes"], ["nodes"]]);
  expect(flowStore.current!.getState().nodeLookup.get(id)!.position).toEqual({ x: from.x + 30, y: from.y });
});
