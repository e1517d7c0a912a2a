// Document -> React Flow nodes and edges, reusing every node and edge object whose inputs did
// not change (so memoised nodes skip rendering and React Flow keeps their measurements).
import { Position as Side, type Edge, type NodeHandle } from "@xyflow/react";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { ComponentKind } from "../bindings/ComponentKind";
import type { ExitInfo } from "../bindings/ExitInfo";
import type { Position } from "../bindings/Position";
import type { Diagnostic } from "../store-bindings/Diagnostic";
import type { Doc } from "../store/ops";
import type { DiffView, Lang } from "../store/store";
import { diagnosticLine } from "../lib/i18n/diagnostics";
import type { ComponentNode, NoteNode, Problems } from "./FlowNode";
import type { FlowRect } from "./viewport";

export type AnyNode = ComponentNode | NoteNode;

export interface Dim {
  width: number;
  height: number;
}

export function problemsByComponent(diagnostics: Diagnostic[] | undefined, lang: Lang = "en"): Map<string, Problems> {
  const out = new Map<string, Problems>();
  for (const d of diagnostics ?? []) {
    if (!d.component) continue;
    let p = out.get(d.component);
    if (!p) {
      p = { errors: 0, warnings: 0, exits: [], first: undefined };
      out.set(d.component, p);
    }
    if (d.severity === "error") p.errors++;
    else if (d.severity === "warning") p.warnings++;
    if (d.exit && p.exits.length < 32 && !p.exits.includes(d.exit)) p.exits.push(d.exit);
    p.first ??= diagnosticLine(lang, d);
  }
  return out;
}

function sameProblems(a: Problems | null, b: Problems | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.errors === b.errors && a.warnings === b.warnings && a.first === b.first && a.exits.join() === b.exits.join();
}

function sameExits(a: ExitInfo[], b: ExitInfo[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((e, i) => e.name === b[i]!.name && e.required === b[i]!.required && e.connectable === b[i]!.connectable);
}

export interface BuildInput {
  doc: Doc;
  kinds: Partial<Record<ComponentKind, CatalogEntry>>;
  exits: Record<string, ExitInfo[]> | undefined;
  problems: Map<string, Problems>;
  selection: Set<string>;
  measured: Map<string, Dim>;
  lang: Lang;
  kindText: (kind: ComponentKind) => string;
  diff?: Map<string, "added" | "removed" | "changed" | "moved">;
  /** Give boxes never drawn an estimated size and handles, so React Flow need not draw every
   * box once to measure it (it does so for any node without handle bounds, even when culling). */
  estimate?: boolean;
  /** Bumped when `measured` (a shared, mutable map) changed. */
  measuredVersion?: number;
  /** Positions of the boxes being dragged, over the document's. */
  overlay?: Record<string, Position> | null;
}

/** Whether two builds differ only in the dragged boxes' positions. */
function onlyOverlayDiffers(a: BuildInput, b: BuildInput): boolean {
  return (
    a.doc === b.doc &&
    a.kinds === b.kinds &&
    a.exits === b.exits &&
    a.problems === b.problems &&
    a.selection === b.selection &&
    a.measured === b.measured &&
    a.measuredVersion === b.measuredVersion &&
    a.lang === b.lang &&
    a.kindText === b.kindText &&
    a.diff === b.diff &&
    a.estimate === b.estimate
  );
}

export const NODE_WIDTH = 240;

/** The colour of each palette group (minimap, overview). */
export const GROUP_COLORS: Record<string, string> = { flow: "#64748b", ivr: "#7c3aed", routing: "#0e7490", dialer: "#c2410c", callbacks: "#be185d" };

/** Once a flow has more boxes than this, only those in or near the view are drawn (Canvas.tsx,
 * `DRAWN_MARGIN`); boxes never drawn get estimated sizes (see `estimateNode`). */
export const CULL_FROM = 150;

/** Where a node's box is on the flow: its measured size, else the estimate, else a typical box. */
export function nodeRect(node: AnyNode): FlowRect {
  const width = node.measured?.width ?? node.initialWidth ?? NODE_WIDTH;
  const height = node.measured?.height ?? node.initialHeight ?? 200;
  return { x: node.position.x, y: node.position.y, w: width, h: height };
}

/** The box of a component not drawn yet, close to what the stylesheet gives (app.css, .cf-node). */
export function estimateNode(exits: ExitInfo[], entry: CatalogEntry | undefined): { width: number; height: number; handles: NodeHandle[] } {
  const hasError = !!entry && entry.error_handling.type !== "unsupported";
  const rows = exits.length + (hasError ? 1 : 0);
  const exitsTop = 60;
  const exitsHeight = rows > 0 ? 7 + rows * 18 : 0;
  const keysHeight = entry?.alternative_keys ? 29 : 0;
  const height = exitsTop + exitsHeight + keysHeight + 5;
  const handles: NodeHandle[] = [];
  if (entry?.role !== "entry" && entry?.role !== "event_handler") {
    handles.push({ id: "in", type: "target", position: Side.Left, x: -6, y: height / 2 - 8, width: 10, height: 16 });
  }
  const rowY = (i: number) => exitsTop + 4 + i * 18 + 4;
  exits.forEach((e, i) => {
    if (e.connectable) handles.push({ id: `exit:${e.name}`, type: "source", position: Side.Right, x: NODE_WIDTH - 6, y: rowY(i), width: 10, height: 10 });
  });
  if (hasError) handles.push({ id: "error", type: "source", position: Side.Right, x: NODE_WIDTH - 6, y: rowY(exits.length), width: 10, height: 10 });
  if (entry?.alternative_keys) {
    const cell = (NODE_WIDTH - 12) / 12;
    for (let k = 0; k < 12; k++) {
      handles.push({ id: `key:${KEY_ORDER[k]}`, type: "source", position: Side.Bottom, x: 6 + (k + 0.5) * cell - 3, y: height - 6, width: 6, height: 6 });
    }
  }
  return { width: NODE_WIDTH, height, handles };
}

const KEY_ORDER = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

export class NodeCache {
  private nodes = new Map<string, AnyNode>();
  private last: { input: BuildInput; out: AnyNode[]; index: Map<string, number> } | null = null;

  build(input: BuildInput): AnyNode[] {
    // A drag frame: only the dragged boxes move; every other node object is kept as it is.
    const last = this.last;
    if (last && onlyOverlayDiffers(last.input, input)) {
      const ids = new Set([...Object.keys(last.input.overlay ?? {}), ...Object.keys(input.overlay ?? {})]);
      const out = last.out.slice();
      for (const id of ids) {
        const i = last.index.get(id);
        if (i === undefined) continue;
        const node = out[i]!;
        const note = input.doc.layout.notes[id];
        const position = input.overlay?.[id] ?? input.doc.layout.components[id] ?? (note ? { x: note.x, y: note.y } : { x: 0, y: 0 });
        if (node.position.x === position.x && node.position.y === position.y) continue;
        const moved = { ...node, position } as AnyNode;
        out[i] = moved;
        this.nodes.set(id, moved);
      }
      this.last = { input, out, index: last.index };
      return out;
    }
    const out = this.fullBuild(input);
    this.last = { input, out, index: new Map(out.map((n, i) => [n.id, i])) };
    return out;
  }

  private fullBuild(input: BuildInput): AnyNode[] {
    const { doc, kinds, exits, problems, selection, measured, lang } = input;
    const out: AnyNode[] = [];
    const next = new Map<string, AnyNode>();
    for (const [id, c] of Object.entries(doc.flow.components)) {
      const entry = kinds[c.kind];
      const position = input.overlay?.[id] ?? doc.layout.components[id] ?? { x: 0, y: 0 };
      const nodeExits = exits?.[id] ?? entry?.exits ?? [];
      const prob = problems.get(id) ?? null;
      const selected = selection.has(id);
      const m = measured.get(id);
      const diff = input.diff?.get(id);
      const prev = this.nodes.get(id) as ComponentNode | undefined;
      if (
        prev &&
        prev.data.component === c &&
        prev.position === position &&
        prev.selected === selected &&
        prev.data.lang === lang &&
        prev.data.entry === entry &&
        prev.data.isEntry === (doc.flow.entry === id) &&
        prev.data.diff === diff &&
        sameExits(prev.data.exits, nodeExits) &&
        sameProblems(prev.data.problems, prob) &&
        prev.measured?.width === m?.width &&
        prev.measured?.height === m?.height &&
        (m !== undefined || !!prev.handles === !!input.estimate)
      ) {
        out.push(prev);
        next.set(id, prev);
        continue;
      }
      const estimated = !m && input.estimate ? estimateNode(nodeExits, entry) : undefined;
      const node: ComponentNode = {
        id,
        type: "component",
        position,
        selected,
        measured: m ? { width: m.width, height: m.height } : undefined,
        ...(estimated ? { initialWidth: estimated.width, initialHeight: estimated.height, handles: estimated.handles } : {}),
        data: {
          id,
          component: c,
          entry,
          exits: prev && sameExits(prev.data.exits, nodeExits) ? prev.data.exits : nodeExits,
          problems: prob,
          isEntry: doc.flow.entry === id,
          lang,
          kindText: input.kindText(c.kind),
          diff,
        },
      };
      out.push(node);
      next.set(id, node);
    }
    for (const note of doc.flow.notes ?? []) {
      const stored = doc.layout.notes[note.id] ?? { x: 0, y: -160, width: 220, height: 120 };
      const dragged = input.overlay?.[note.id];
      const box = dragged ? { ...stored, x: dragged.x, y: dragged.y } : stored;
      const selected = selection.has(note.id);
      const prev = this.nodes.get(note.id) as NoteNode | undefined;
      const m = measured.get(note.id);
      if (prev && prev.data.text === note.text && prev.position.x === box.x && prev.position.y === box.y && prev.selected === selected && prev.measured?.width === m?.width && prev.measured?.height === m?.height) {
        out.push(prev);
        next.set(note.id, prev);
        continue;
      }
      const node: NoteNode = {
        id: note.id,
        type: "note",
        position: { x: box.x, y: box.y },
        selected,
        measured: m ? { width: m.width, height: m.height } : undefined,
        style: { width: box.width },
        data: { id: note.id, text: note.text },
        zIndex: -1,
      };
      out.push(node);
      next.set(note.id, node);
    }
    this.nodes = next;
    return out;
  }
}

export type FlowEdge = Edge<{ kind: "exit" | "key" | "error" }>;

export class EdgeCache {
  private edges = new Map<string, FlowEdge>();

  build(doc: Doc, selected: Set<string>, changed?: Set<string>): FlowEdge[] {
    const out: FlowEdge[] = [];
    const next = new Map<string, FlowEdge>();
    const comps = doc.flow.components;
    const push = (id: string, source: string, sourceHandle: string, target: string, kind: "exit" | "key" | "error", label?: string) => {
      if (!(target in comps)) return;
      const isSelected = selected.has(id);
      const animatedClass = changed?.has(source) ? " diff-changed" : "";
      const prev = this.edges.get(id);
      if (prev && prev.target === target && prev.selected === isSelected && prev.className === `cf-edge-${kind}${animatedClass}`) {
        out.push(prev);
        next.set(id, prev);
        return;
      }
      const edge: FlowEdge = {
        id,
        source,
        sourceHandle,
        target,
        targetHandle: "in",
        selected: isSelected,
        className: `cf-edge-${kind}${animatedClass}`,
        label,
        data: { kind },
      };
      out.push(edge);
      next.set(id, edge);
    };
    for (const [id, c] of Object.entries(comps)) {
      for (const [exit, target] of Object.entries(c.exits ?? {})) if (target) push(`${id}→exit:${exit}`, id, `exit:${exit}`, target, "exit");
      for (const [key, target] of Object.entries(c.alternative_keys ?? {})) if (target) push(`${id}→key:${key}`, id, `key:${key}`, target, "key", key);
      const eh = c.error_handling;
      if (eh?.mode === "custom") push(`${id}→error`, id, "error", eh.target, "error");
    }
    this.edges = next;
    return out;
  }
}

/** The source component and handle of an edge id built above. */
export function parseEdgeId(id: string): { source: string; handle: string } | null {
  const i = id.indexOf("→");
  if (i < 0) return null;
  return { source: id.slice(0, i), handle: id.slice(i + 1) };
}

/** The colour of each component in a comparison: added, changed (settings or exits), moved. */
export function diffClasses(diff: DiffView): Map<string, "added" | "removed" | "changed" | "moved"> {
  const out = new Map<string, "added" | "removed" | "changed" | "moved">();
  for (const m of diff.result.moved) out.set(m.component, "moved");
  for (const e of diff.result.exits) out.set(e.component, "changed");
  for (const c of diff.result.components) if (c.change !== "removed") out.set(c.id, c.change);
  return out;
}

/** Components the version had and the draft has not, drawn where they were, greyed out. */
export function ghostNodes(
  diff: DiffView,
  kinds: Partial<Record<ComponentKind, CatalogEntry>>,
  lang: Lang,
  kindText: (kind: ComponentKind) => string,
): ComponentNode[] {
  const out: ComponentNode[] = [];
  for (const c of diff.result.components) {
    if (c.change !== "removed") continue;
    const component = diff.fromDoc.flow.components[c.id];
    if (!component) continue;
    out.push({
      id: `removed:${c.id}`,
      type: "component",
      position: diff.fromDoc.layout.components[c.id] ?? { x: 0, y: 0 },
      selectable: false,
      draggable: false,
      connectable: false,
      deletable: false,
      data: {
        id: c.id,
        component,
        entry: kinds[component.kind],
        exits: kinds[component.kind]?.exits ?? [],
        problems: null,
        isEntry: false,
        lang,
        kindText: kindText(component.kind),
        diff: "removed",
      },
    });
  }
  return out;
}
