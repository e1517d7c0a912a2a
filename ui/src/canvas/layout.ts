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

/** Space between layers and between boxes of a layer (px), as given to ELK. */
const LAYER_GAP = 90;
const NODE_GAP = 40;

/** A component with at least this many connections into it is a hub (see `LayoutPlan`). */
export const HUB_MIN_INCOMING = 24;

/** What is given to ELK, and what is placed after it. */
export interface LayoutPlan {
  graph: ElkNode;
  /** Components with many connections into them (a shared End flow, a common voicemail). Their
   * incoming edges are not given to ELK: each would cross every layer between its source and
   * the hub, and ELK's time grows with those crossings (a 1,000-component flow whose End flow
   * is reached from 113 places: 25 s with the edges, 4 s without). A hub with exits of its own
   * keeps the one connection from the source nearest the flow's entry (`kept`), so ELK puts it
   * after that source rather than with the flow's first boxes; one without exits is placed by
   * `positionsOf`. */
  hubs: Map<string, { sources: string[]; terminal: boolean; kept?: string }>;
}

/** The connections of a component, as (port, target) pairs, in the order of its exits. */
function connections(c: Doc["flow"]["components"][string], exitNames: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of exitNames) {
    const target = c.exits?.[name];
    if (target) out.push([`exit:${name}`, target]);
  }
  for (const target of Object.values(c.alternative_keys ?? {})) if (target) out.push(["extra", target]);
  const eh = c.error_handling;
  if (eh?.mode === "custom") out.push(["extra", eh.target]);
  return out;
}

/** The ELK graph of a flow and its hubs (exported for tests). */
export function elkGraph(doc: Doc, exits: Record<string, ExitInfo[]>, sizes: Map<string, Size>): LayoutPlan {
  const components = doc.flow.components;
  const exitNames = new Map<string, string[]>();
  const incoming = new Map<string, string[]>();
  for (const [id, c] of Object.entries(components)) {
    const names = (exits[id] ?? []).map((e) => e.name);
    for (const name of Object.keys(c.exits ?? {})) if (!names.includes(name)) names.push(name);
    exitNames.set(id, names);
    for (const [, target] of connections(c, names)) {
      if (!(target in components)) continue;
      let sources = incoming.get(target);
      if (!sources) incoming.set(target, (sources = []));
      sources.push(id);
    }
  }
  const hubs: LayoutPlan["hubs"] = new Map();
  for (const [id, sources] of incoming) {
    if (sources.length < HUB_MIN_INCOMING) continue;
    const terminal = connections(components[id]!, exitNames.get(id)!).every(([, target]) => !(target in components));
    hubs.set(id, { sources: [...new Set(sources)], terminal });
  }
  const routed = [...hubs.values()].filter((hub) => !hub.terminal);
  if (routed.length > 0) {
    const depth = depthsFrom(doc.flow.entry, components, exitNames);
    for (const hub of routed) {
      // The shallowest source; ties go to the first in the flow's order.
      hub.kept = hub.sources.reduce((best, s) => ((depth.get(s) ?? Infinity) < (depth.get(best) ?? Infinity) ? s : best));
    }
  }

  const children: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  for (const [id, c] of Object.entries(components)) {
    const size = sizes.get(id) ?? DEFAULT_SIZE;
    const names = exitNames.get(id)!;
    const ports: ElkPort[] = [{ id: `${id}::in`, layoutOptions: { "elk.port.side": "WEST" } }];
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
    const seen = new Set<string>();
    const keptHubs = new Set<string>();
    for (const [port, target] of connections(c, names)) {
      if (!(target in components)) continue;
      const hub = hubs.get(target);
      if (hub && (hub.kept !== id || keptHubs.has(target))) continue;
      if (hub) keptHubs.add(target);
      // Edge ids must be unique: two keys of one box may lead to the same target.
      let edgeId = `${id}:${port}:${target}`;
      for (let n = 2; seen.has(edgeId); n++) edgeId = `${id}:${port}:${target}:${n}`;
      seen.add(edgeId);
      edges.push({ id: edgeId, sources: [`${id}::${port}`], targets: [`${target}::in`] });
    }
  }
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYER_GAP),
      "elk.spacing.nodeNode": String(NODE_GAP),
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.edgeRouting": "ORTHOGONAL",
    },
    children,
    edges,
  };
  return { graph, hubs };
}

/** How many connections each component is from `entry` (breadth first); unreachable ones are
 * left out. */
function depthsFrom(entry: string, components: Doc["flow"]["components"], exitNames: Map<string, string[]>): Map<string, number> {
  const depth = new Map<string, number>();
  if (!(entry in components)) return depth;
  depth.set(entry, 0);
  const queue = [entry];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    for (const [, target] of connections(components[id]!, exitNames.get(id)!)) {
      if (!(target in components) || depth.has(target)) continue;
      depth.set(target, depth.get(id)! + 1);
      queue.push(target);
    }
  }
  return depth;
}

/** Every component's position from ELK's result; a hub without exits goes in a column of its
 * own after the rest of the flow, level with the middle of its sources (hubs in that column
 * are stacked without overlapping). Exported for tests. */
export function positionsOf(result: ElkNode, plan: LayoutPlan): Record<string, Position> {
  const out: Record<string, Position> = {};
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  let right = 0;
  for (const child of result.children ?? []) {
    const box = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0), width: child.width ?? DEFAULT_SIZE.width, height: child.height ?? DEFAULT_SIZE.height };
    boxes.set(child.id, box);
    out[child.id] = { x: box.x, y: box.y };
    if (!plan.hubs.get(child.id)?.terminal) right = Math.max(right, box.x + box.width);
  }
  const column = [...plan.hubs]
    .filter(([id, hub]) => hub.terminal && boxes.has(id))
    .map(([id, hub]) => {
      const ys = hub.sources.map((s) => boxes.get(s)).filter((b) => !!b).map((b) => b.y + b.height / 2).sort((a, b) => a - b);
      const height = boxes.get(id)!.height;
      const middle = ys.length > 0 ? ys[Math.floor(ys.length / 2)]! : height / 2;
      return { id, y: Math.round(middle - height / 2), height };
    })
    .sort((a, b) => a.y - b.y);
  let free = -Infinity;
  for (const hub of column) {
    const y = Math.max(hub.y, free);
    out[hub.id] = { x: right + LAYER_GAP, y };
    free = y + hub.height + NODE_GAP;
  }
  return out;
}

/** An idle layout worker is ended after this long (ms): ELK's heap stays in the web process while
 * the worker lives, about 200 MB after laying out 1,000 components (BENCHMARKS.md, App). */
export const WORKER_IDLE_MS = 2000;

let worker: Worker | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
let seq = 0;
const waiting = new Map<number, { resolve: (n: ElkNode) => void; reject: (e: Error) => void }>();

/** Ends the worker once no layout has been waiting for WORKER_IDLE_MS. */
function endWhenIdle() {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (waiting.size > 0 || !worker) return;
    worker.terminate();
    worker = null;
  }, WORKER_IDLE_MS);
}

function getWorker(): Worker {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  if (!worker) {
    const created = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker = created;
    created.onmessage = (event: MessageEvent<{ id: number; result?: ElkNode; error?: string }>) => {
      const job = waiting.get(event.data.id);
      if (!job) return;
      waiting.delete(event.data.id);
      if (waiting.size === 0) endWhenIdle();
      if (event.data.result) job.resolve(event.data.result);
      else job.reject(new Error(event.data.error ?? "layout failed"));
    };
    // A worker that fails to load or dies answers nothing: fail what waits, start afresh next time.
    created.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      created.terminate();
      if (worker === created) worker = null;
      const jobs = [...waiting.values()];
      waiting.clear();
      for (const job of jobs) job.reject(new Error(`the layout worker failed: ${event.message || "no message"}`));
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
  const plan = elkGraph(doc, exits, sizes);
  const id = ++seq;
  return new Promise<ElkNode>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    getWorker().postMessage({ id, graph: plan.graph });
  }).then((result) => positionsOf(result, plan));
}
