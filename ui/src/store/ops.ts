// Pure edits of a flow document. Every function returns a new FlowFile and shares every part it
// did not change, so undo snapshots are cheap and memoised nodes re-render only when their own
// component changed.
import { invalid, type Invalid } from "../lib/i18n/message";
import type { Component } from "../bindings/Component";
import type { ComponentKind } from "../bindings/ComponentKind";
import type { DtmfKey } from "../bindings/DtmfKey";
import type { ErrorHandling } from "../bindings/ErrorHandling";
import type { FlowFile } from "../bindings/FlowFile";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import type { Layout } from "../bindings/Layout";
import type { Position } from "../bindings/Position";
import type { Note } from "../bindings/Note";

export type Doc = FlowFile & { layout: Layout };

/** Fills in the parts the writer leaves out when empty, so the UI can rely on them. */
export function normalize(file: FlowFile): Doc {
  const layout = file.layout;
  return {
    ...file,
    layout: {
      components: layout?.components ?? {},
      notes: layout?.notes ?? {},
      viewport: layout?.viewport ?? null,
    },
  };
}

/** The file as written: empty optional parts are left out by the Rust writer anyway. */
export function components(doc: Doc): Record<string, Component> {
  return doc.flow.components as Record<string, Component>;
}

function withComponents(doc: Doc, comps: Record<string, Component>): Doc {
  return { ...doc, flow: { ...doc.flow, components: comps } };
}

/** Positions are whole pixels: a drag or a layout gives fractions (`116.00000000000001`) that would
 * show up as noise in the file's diffs. Only positions being set are snapped, never the others. */
export function snap(p: Position): Position {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

function snapAll(moves: Record<string, Position>): Record<string, Position> {
  const snapped: Record<string, Position> = {};
  for (const [id, p] of Object.entries(moves)) snapped[id] = snap(p);
  return snapped;
}

function withPositions(doc: Doc, positions: Record<string, Position>): Doc {
  return { ...doc, layout: { ...doc.layout, components: positions } };
}

/** Picks ids not in `taken`, derived from a base (`menu`, `menu_2`, ...), and adds each to
 * `taken`: many picks (a paste of thousands) cost one pass, not one pass over the flow each. */
function idPicker(taken: Set<string>): (base: string) => string {
  const nextSuffix = new Map<string, number>();
  return (base) => {
    const slug = base.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "c";
    let id = slug;
    // Every suffix below the last one picked for this slug is taken.
    for (let n = nextSuffix.get(slug) ?? 2; taken.has(id); n++) {
      id = `${slug}_${n}`;
      nextSuffix.set(slug, n + 1);
    }
    taken.add(id);
    return id;
  };
}

/** An id not used yet, derived from `base` (`menu`, `menu_2`, ...). */
export function freshId(doc: Doc, base: string): string {
  return idPicker(new Set(Object.keys(components(doc))))(base);
}

/** A name not used yet in the flow (`Menu`, `Menu 2`, ...). */
export function freshName(doc: Doc, base: string): string {
  const names = new Set(Object.values(components(doc)).map((c) => c.name));
  if (!names.has(base)) return base;
  for (let n = 2; ; n++) {
    const name = `${base} ${n}`;
    if (!names.has(name)) return name;
  }
}

export function addComponent(
  doc: Doc,
  kind: ComponentKind,
  name: string,
  config: JsonValue,
  position: Position,
): { doc: Doc; id: string } {
  const id = freshId(doc, kind);
  const component: Component = { kind, name: freshName(doc, name), config };
  const next = withComponents(doc, { ...components(doc), [id]: component });
  return { doc: withPositions(next, { ...doc.layout.components, [id]: snap(position) }), id };
}

export function updateComponent(doc: Doc, id: string, patch: Partial<Component>): Doc {
  const current = components(doc)[id];
  if (!current) return doc;
  return withComponents(doc, { ...components(doc), [id]: { ...current, ...patch } });
}

/** Where a handle of the canvas sends control: an exit, an alternative key or the error exit. */
export type Port = { type: "exit"; exit: string } | { type: "key"; key: DtmfKey } | { type: "error" };

export function portId(port: Port): string {
  switch (port.type) {
    case "exit":
      return `exit:${port.exit}`;
    case "key":
      return `key:${port.key}`;
    case "error":
      return "error";
  }
}

export function parsePort(handle: string | null | undefined): Port | null {
  if (!handle) return null;
  if (handle === "error") return { type: "error" };
  if (handle.startsWith("exit:")) return { type: "exit", exit: handle.slice(5) };
  if (handle.startsWith("key:")) return { type: "key", key: handle.slice(4) as DtmfKey };
  return null;
}

/** Points `port` of component `source` at `target` (or disconnects it when `target` is null). */
export function connect(doc: Doc, source: string, port: Port, target: string | null): Doc {
  const c = components(doc)[source];
  if (!c) return doc;
  if (target !== null && !(target in components(doc))) return doc;
  switch (port.type) {
    case "exit":
      return updateComponent(doc, source, { exits: { ...(c.exits ?? {}), [port.exit]: target } });
    case "key": {
      const keys = { ...(c.alternative_keys ?? {}) };
      if (target === null) delete keys[port.key];
      else keys[port.key] = target;
      return updateComponent(doc, source, { alternative_keys: keys });
    }
    case "error": {
      const eh: ErrorHandling = target === null ? { mode: "default" } : { mode: "custom", target };
      return updateComponent(doc, source, { error_handling: eh });
    }
  }
}

/** Where `port` of `source` currently leads. */
export function targetOf(c: Component, port: Port): string | null {
  switch (port.type) {
    case "exit":
      return c.exits?.[port.exit] ?? null;
    case "key":
      return c.alternative_keys?.[port.key] ?? null;
    case "error":
      return c.error_handling?.mode === "custom" ? c.error_handling.target : null;
  }
}

/** Removes components (never the entry); exits that led to them stay, unconnected. */
export function removeComponents(doc: Doc, ids: Iterable<string>): Doc {
  const gone = new Set([...ids].filter((id) => id !== doc.flow.entry && id in components(doc)));
  if (gone.size === 0) return doc;
  const comps: Record<string, Component> = {};
  for (const [id, c] of Object.entries(components(doc))) {
    if (gone.has(id)) continue;
    comps[id] = detach(c, gone);
  }
  const positions = { ...doc.layout.components };
  for (const id of gone) delete positions[id];
  const notes = (doc.flow.notes ?? []).map((n) =>
    n.component && gone.has(n.component) ? { id: n.id, text: n.text } : n,
  );
  const next = withPositions(withComponents(doc, comps), positions);
  return { ...next, flow: { ...next.flow, notes } };
}

function detach(c: Component, gone: Set<string>): Component {
  let changed = false;
  const exits: Record<string, string | null> = {};
  for (const [exit, target] of Object.entries(c.exits ?? {})) {
    if (target && gone.has(target)) {
      exits[exit] = null;
      changed = true;
    } else exits[exit] = target ?? null;
  }
  const keys: Partial<Record<DtmfKey, string>> = {};
  for (const [key, target] of Object.entries(c.alternative_keys ?? {})) {
    if (target && gone.has(target)) changed = true;
    else if (target) keys[key as DtmfKey] = target;
  }
  let eh = c.error_handling;
  if (eh?.mode === "custom" && gone.has(eh.target)) {
    eh = { mode: "default" };
    changed = true;
  }
  return changed ? { ...c, exits, alternative_keys: keys, error_handling: eh } : c;
}

export function moveComponents(doc: Doc, moves: Record<string, Position>): Doc {
  return withPositions(doc, { ...doc.layout.components, ...snapAll(moves) });
}

/** What is copied: components and their positions; links outside the copied set are dropped. */
export interface Clipboard {
  format: "callflow-clipboard";
  /** The flow copied from (pasting into another flow places the copy in view). */
  flow?: string;
  components: Record<string, Component>;
  positions: Record<string, Position>;
}

/** A clipboard read back from text (the system clipboard holds it as JSON): `null` when the text
 * is not a Callflow clipboard at all, an error message when it is one but damaged. */
export function parseClipboard(text: string): Clipboard | null | Invalid {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") || !trimmed.includes("callflow-clipboard")) return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (err) {
    return invalid("invalid.clipboardJson", { details: err instanceof Error ? err.message : String(err) });
  }
  const v = value as Partial<Clipboard> | null;
  if (!v || typeof v !== "object" || v.format !== "callflow-clipboard") return null;
  if (!v.components || typeof v.components !== "object" || Array.isArray(v.components)) return invalid("invalid.clipboardComponents");
  for (const [id, c] of Object.entries(v.components)) {
    const comp = c as Partial<Component> | null;
    if (!comp || typeof comp !== "object") return invalid("invalid.clipboardComponent", { id });
    if (typeof comp.kind !== "string") return invalid("invalid.clipboardField", { id, field: "kind" });
    if (typeof comp.name !== "string") return invalid("invalid.clipboardField", { id, field: "name" });
    if (comp.config !== undefined && (typeof comp.config !== "object" || comp.config === null || Array.isArray(comp.config)))
      return invalid("invalid.clipboardConfig", { id });
  }
  const positions: Record<string, Position> = {};
  for (const [id, p] of Object.entries(v.positions ?? {})) {
    const pos = p as Partial<Position> | null;
    if (pos && typeof pos.x === "number" && typeof pos.y === "number") positions[id] = { x: pos.x, y: pos.y };
  }
  const components: Record<string, Component> = {};
  for (const [id, c] of Object.entries(v.components)) components[id] = c as Component;
  return { format: "callflow-clipboard", flow: typeof v.flow === "string" ? v.flow : undefined, components, positions };
}

/** The top-left corner of the copied boxes. */
export function clipboardOrigin(clip: Clipboard): Position {
  const ps = Object.values(clip.positions);
  if (ps.length === 0) return { x: 0, y: 0 };
  return { x: Math.min(...ps.map((p) => p.x)), y: Math.min(...ps.map((p) => p.y)) };
}

export function copy(doc: Doc, ids: string[]): Clipboard | null {
  const picked: Record<string, Component> = {};
  const positions: Record<string, Position> = {};
  for (const id of ids) {
    const c = components(doc)[id];
    if (!c || id === doc.flow.entry) continue;
    picked[id] = c;
    const p = doc.layout.components[id];
    if (p) positions[id] = p;
  }
  if (Object.keys(picked).length === 0) return null;
  return { format: "callflow-clipboard", flow: doc.flow.id, components: picked, positions };
}

/** Pastes a clipboard with fresh ids and names, shifted by `offset`; links inside are kept. */
export function paste(doc: Doc, clip: Clipboard, offset: Position): { doc: Doc; ids: string[] } {
  const pick = idPicker(new Set(Object.keys(components(doc))));
  const rename = new Map<string, string>();
  for (const [oldId, c] of Object.entries(clip.components)) rename.set(oldId, pick(c.kind));
  const comps = { ...components(doc) };
  const positions = { ...doc.layout.components };
  const names = new Set(Object.values(components(doc)).map((c) => c.name));
  for (const [oldId, c] of Object.entries(clip.components)) {
    const id = rename.get(oldId)!;
    const remap = (t: string | null | undefined) => (t && rename.has(t) ? rename.get(t)! : null);
    const exits: Record<string, string | null> = {};
    for (const [e, t] of Object.entries(c.exits ?? {})) exits[e] = remap(t);
    const keys: Partial<Record<DtmfKey, string>> = {};
    for (const [k, t] of Object.entries(c.alternative_keys ?? {})) {
      const r = remap(t);
      if (r) keys[k as DtmfKey] = r;
    }
    let eh = c.error_handling;
    if (eh?.mode === "custom") {
      const r = remap(eh.target);
      eh = r ? { mode: "custom", target: r } : { mode: "default" };
    }
    let name = c.name;
    if (names.has(name)) {
      let n = 2;
      while (names.has(`${c.name} ${n}`)) n++;
      name = `${c.name} ${n}`;
    }
    names.add(name);
    comps[id] = { ...c, name, exits, alternative_keys: keys, error_handling: eh };
    const p = clip.positions[oldId] ?? { x: 0, y: 0 };
    positions[id] = snap({ x: p.x + offset.x, y: p.y + offset.y });
  }
  return { doc: withPositions(withComponents(doc, comps), positions), ids: [...rename.values()] };
}

export function setFlowName(doc: Doc, name: string): Doc {
  return { ...doc, flow: { ...doc.flow, name } };
}

export function addNote(doc: Doc, text: string, at: Position): { doc: Doc; id: string } {
  const notes = doc.flow.notes ?? [];
  let n = notes.length + 1;
  while (notes.some((x) => x.id === `note_${n}`)) n++;
  const id = `note_${n}`;
  const note: Note = { id, text };
  return {
    doc: {
      ...doc,
      flow: { ...doc.flow, notes: [...notes, note] },
      layout: { ...doc.layout, notes: { ...doc.layout.notes, [id]: { x: at.x, y: at.y, width: 220, height: 120 } } },
    },
    id,
  };
}

export function updateNote(doc: Doc, id: string, text: string): Doc {
  return {
    ...doc,
    flow: { ...doc.flow, notes: (doc.flow.notes ?? []).map((n) => (n.id === id ? { ...n, text } : n)) },
  };
}

export function removeNotes(doc: Doc, ids: Iterable<string>): Doc {
  const gone = new Set(ids);
  if (gone.size === 0) return doc;
  const boxes = { ...doc.layout.notes };
  for (const id of gone) delete boxes[id];
  return {
    ...doc,
    flow: { ...doc.flow, notes: (doc.flow.notes ?? []).filter((n) => !gone.has(n.id)) },
    layout: { ...doc.layout, notes: boxes },
  };
}

export function moveNote(doc: Doc, id: string, p: Position): Doc {
  const box = doc.layout.notes[id];
  if (!box) return doc;
  const at = snap(p);
  return { ...doc, layout: { ...doc.layout, notes: { ...doc.layout.notes, [id]: { ...box, x: at.x, y: at.y } } } };
}
