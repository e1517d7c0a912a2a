// Auto-layout: layered, left to right, each component's exits as ports in their order, so the
// drawing follows the order of the exits on the boxes.
import type { ElkExtendedEdge, ElkNode, ElkPort } from "elkjs/lib/elk-api";
import type { ExitInfo } from "../bindings/ExitInfo";
import type { Position } from "../bindings/Position";
import type { Doc } from "../store/ops";

export interface Size {
  width: number;
  height: number;
}

export const DEFAULT_SIZE: Size = { width: 240, height: 140 };

/** The ELK graph of a flow (exported for tests). */
export function elkGraph(doc: Doc, exits: Record<string, ExitInfo[]>, sizes: Map<string, Size>): ElkNode {
  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const [id, c] of Object.entries(doc.flow.components)) {
    const size = sizes.get(id) ?? DEFAULT_SIZE;
    const ports: ElkPort[] = [{ id: `${id}::in`, layoutOptions: { "elk.port.side": "WEST" } }];
    const names = (exits[id] ?? []).map((e) => e.name);
    for (const name of Object.keys(c.exits ?? {})) if (!names.includes(name)) names.push(name);
    names.forEach((name, index) => {
      ports.push({ id: `${id}::exit:${name}`, layoutOptions: { "elk.port.side": "EAST", "elk.port.index": String(index) } });
    });
    ports.push({ id: `${id}::extra`, layoutOptions: { "elk.port.side": "SOUTH" } });
    children.push({
      id,
      width: size.width,
      height: size.height,
      ports,
      layoutOptions: { "elk.portConstraints": "FIXED_ORDER" },
    });
    for (const [name, target] of Object.entries(c.exits ?? {})) {
      if (target && target in doc.flow.components)
        edges.push({ id: `${id}:${name}`, sources: [`${id}::exit:${name}`], targets: [`${target}::in`] });
    }
    for (const [key, target] of Object.entries(c.alternative_keys ?? {})) {
      if (target && target in doc.flow.components)
        edges.push({ id: `${id}:key:${key}`, sources: [`${id}::extra`], targets: [`${target}::in`] });
    }
    const eh = c.error_handling;
    if (eh?.mode === "custom" && eh.target in doc.flow.components)
      edges.push({ id: `${id}:error`, sources: [`${id}::extra`], targets: [`${eh.target}::in`] });
  }
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "90",
      "elk.spacing.nodeNode": "40",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.edgeRouting": "ORTHOGONAL",
    },
    children,
    edges,
  };
}

let worker: Worker | null = null;
let seq = 0;
const waiting = new Map<number, { resolve: (n: ElkNode) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<{ id: number; result?: ElkNode; error?: string }>) => {
      const job = waiting.get(event.data.id);
      if (!job) return;
      waiting.delete(event.data.id);
      if (event.data.result) job.resolve(event.data.result);
      else job.reject(new Error(event.data.error ?? "layout failed"));
    };
  }
  return worker;
}

/** Positions of every component after a layered layout, computed in a Web Worker. */
export function layoutFlow(
  doc: Doc,
  exits: Record<string, ExitInfo[]>,
  sizes: Map<string, Size>,
): Promise<Record<string, Position>> {
  const graph = elkGraph(doc, exits, sizes);
  const id = ++seq;
  return new Promise<ElkNode>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    getWorker().postMessage({ id, graph });
  }).then((result) => {
    const out: Record<string, Position> = {};
    for (const child of result.children ?? []) out[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
    return out;
  });
}
