// Canvas decorations: the ONE way features mark components, exits and edges on the canvas
// (the debugger's current component and path, the test runner's coverage and first difference,
// ...) without touching the document or the node-building code.
// 
// How to use it:
// - A feature owns a *layer* (a name such as `"debug"` or `"coverage"`) and publishes it with
//   `useStore.getState().setDecorations("coverage", layer)`; `null` removes the layer.
// - A layer says, per component id, which CSS classes its box gets (`classes`), an optional
//   short `badge` text (with `badgeTitle` as tooltip), and classes for single exits of the box
//   (`exits`, keyed by handle id: `exit:<name>`, `key:<digit>`, `error`); per edge id (see
//   `edgeId`) the classes the edge gets.
// - Layers are merged (classes joined in layer-name order; the badge of the last layer that has
//   one wins). Style the classes in app.css; prefix them with your feature (`cf-dbg-…`, `cf-cov-…`).
// 
// Why it is fast on 5,000-component flows: each FlowNode reads its own merged decoration through
// `useNodeDecoration(id)`, a selector that is an O(1) map look-up; the merge keeps the object of
// every node whose decoration did not change, so a debugger step re-renders only the boxes whose
// marks changed. Edges are restyled by `decorateEdges`, which keeps unchanged edge objects.
import { useStore } from "../store/store";

/** What one layer puts on one component box. */
export interface NodeDecoration {
  /** CSS classes added to the box (`.cf-node`). */
  classes?: string[];
  /** A short text shown in a badge at the top right of the box (a count, a mark). */
  badge?: string;
  badgeTitle?: string;
  /** Classes for single exit rows / key cells / the error row, by handle id
   * (`exit:<name>`, `key:<digit>`, `error`). */
  exits?: Record<string, string[]>;
}

/** One feature's marks on the canvas. */
export interface DecorationLayer {
  nodes: Record<string, NodeDecoration>;
  /** Classes by edge id (`edgeId(source, handle)`). */
  edges: Record<string, string[]>;
}

/** Every published layer, by name (in the store: `decorations`). */
export type Decorations = Record<string, DecorationLayer>;

/** A component's decoration after merging every layer: what FlowNode renders. */
export interface MergedNodeDecoration {
  /** Space-separated classes for the box. */
  className: string;
  badge?: string;
  badgeTitle?: string;
  /** Space-separated classes by handle id. */
  exits: Record<string, string>;
}

export interface MergedDecorations {
  nodes: Map<string, MergedNodeDecoration>;
  /** Space-separated classes by edge id. */
  edges: Map<string, string>;
}

/** The id of the edge leaving `source` by `handle` (`exit:<name>`, `key:<digit>`, `error`),
 * as built by the canvas (model.ts, EdgeCache). */
export function edgeId(source: string, handle: string): string {
  return `${source}→${handle}`;
}

const EMPTY: MergedDecorations = { nodes: new Map(), edges: new Map() };

function sameNode(a: MergedNodeDecoration, b: MergedNodeDecoration): boolean {
  if (a.className !== b.className || a.badge !== b.badge || a.badgeTitle !== b.badgeTitle) return false;
  const ak = Object.keys(a.exits);
  if (ak.length !== Object.keys(b.exits).length) return false;
  return ak.every((k) => a.exits[k] === b.exits[k]);
}

/** Merges the layers; objects equal to the ones in `previous` are kept (so memoised boxes and
 * edges do not re-render). */
export function mergeDecorations(decorations: Decorations, previous: MergedDecorations = EMPTY): MergedDecorations {
  const names = Object.keys(decorations).sort();
  if (names.length === 0) return EMPTY;
  const nodes = new Map<string, MergedNodeDecoration>();
  const edges = new Map<string, string>();
  for (const name of names) {
    const layer = decorations[name]!;
    for (const [id, d] of Object.entries(layer.nodes)) {
      const merged = nodes.get(id) ?? { className: "", exits: {} };
      if (d.classes?.length) merged.className = merged.className ? `${merged.className} ${d.classes.join(" ")}` : d.classes.join(" ");
      if (d.badge !== undefined) {
        merged.badge = d.badge;
        merged.badgeTitle = d.badgeTitle;
      }
      for (const [handle, classes] of Object.entries(d.exits ?? {})) {
        if (classes.length === 0) continue;
        const before = merged.exits[handle];
        merged.exits[handle] = before ? `${before} ${classes.join(" ")}` : classes.join(" ");
      }
      nodes.set(id, merged);
    }
    for (const [id, classes] of Object.entries(layer.edges)) {
      if (classes.length === 0) continue;
      const before = edges.get(id);
      edges.set(id, before ? `${before} ${classes.join(" ")}` : classes.join(" "));
    }
  }
  for (const [id, merged] of nodes) {
    const prev = previous.nodes.get(id);
    if (prev && sameNode(prev, merged)) nodes.set(id, prev);
  }
  return { nodes, edges };
}

// The merged view of the store's current `decorations` (one merge per change, shared by every box).
let cache: { source: Decorations | null; merged: MergedDecorations } = { source: null, merged: EMPTY };

/** The merged decorations of `decorations` (memoised on the object). */
export function merged(decorations: Decorations): MergedDecorations {
  if (cache.source !== decorations) cache = { source: decorations, merged: mergeDecorations(decorations, cache.merged) };
  return cache.merged;
}

/** The merged decoration of one component box, or undefined: a narrow selector for FlowNode. */
export function useNodeDecoration(id: string): MergedNodeDecoration | undefined {
  return useStore((s) => merged(s.decorations).nodes.get(id));
}

/** The merged edge classes (for the canvas's edges). */
export function useEdgeDecorations(): Map<string, string> {
  return useStore((s) => merged(s.decorations).edges);
}

/** A copy of `layers` with `name` set to `layer` (or removed when null). */
export function withLayer(layers: Decorations, name: string, layer: DecorationLayer | null): Decorations {
  if (layer === null) {
    if (!(name in layers)) return layers;
    const next = { ...layers };
    delete next[name];
    return next;
  }
  return { ...layers, [name]: layer };
}

/** Edges with their decoration classes added; edge objects without a change are kept, and
 * decorated copies are reused while their base edge and classes are the same. */
export class EdgeDecorator<E extends { id: string; className?: string }> {
  private copies = new Map<string, { base: E; classes: string; out: E }>();

  apply(edges: E[], classes: Map<string, string>): E[] {
    if (classes.size === 0) {
      this.copies.clear();
      return edges;
    }
    const next = new Map<string, { base: E; classes: string; out: E }>();
    const out = edges.map((e) => {
      const extra = classes.get(e.id);
      if (!extra) return e;
      const prev = this.copies.get(e.id);
      const copy = prev && prev.base === e && prev.classes === extra ? prev.out : { ...e, className: e.className ? `${e.className} ${extra}` : extra };
      next.set(e.id, { base: e, classes: extra, out: copy });
      return copy;
    });
    this.copies = next;
    return out;
  }
}
