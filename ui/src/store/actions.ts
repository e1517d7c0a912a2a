// User actions that involve IPC, the clipboard or the canvas; the pure edits are in ops.ts.
import type { ComponentKind } from "../bindings/ComponentKind";
import type { FlowFile } from "../bindings/FlowFile";
import type { FlowType } from "../bindings/FlowType";
import type { Position } from "../bindings/Position";
import type { ExitInfo } from "../bindings/ExitInfo";
import { CommandError, call } from "../lib/ipc/invoke";
import { defaultValue, type Json, type Schema } from "../lib/schema";
import { kindLabel, messageText, translate } from "../lib/i18n";
import { layoutFlow, type Size } from "../canvas/layout";
import { canvasApi } from "../canvas/api";
import { CULL_FROM } from "../canvas/model";
import * as ops from "./ops";
import { useStore } from "./store";

const get = () => useStore.getState();

function report(err: unknown) {
  if (err instanceof CommandError) get().setError(err.error);
  else get().setError({ type: "invalid", message: err instanceof Error ? err.message : String(err) });
}

/** The config a new component of `kind` starts with: every required field at its default. */
export function initialConfig(kind: ComponentKind): Json {
  const entry = get().kinds[kind];
  if (!entry) return {};
  const schema = entry.config_schema as Schema;
  return defaultValue(schema, schema);
}

/** `at`, or the nearest free place below it, so a new box never hides another. */
export function freeSpot(at: Position): Position {
  const doc = get().doc;
  if (!doc) return at;
  const taken = Object.keys(doc.flow.components).map((id) => ({ p: doc.layout.components[id] ?? { x: 0, y: 0 }, size: measuredSizes.get(id) ?? { width: 240, height: 140 } }));
  let spot = { ...at };
  for (let i = 0; i < 200; i++) {
    const hit = taken.find(({ p, size }) => spot.x < p.x + size.width + 20 && p.x < spot.x + 260 && spot.y < p.y + size.height + 20 && p.y < spot.y + 140);
    if (!hit) return spot;
    spot = { x: spot.x, y: hit.p.y + hit.size.height + 40 };
  }
  return spot;
}

export function addComponent(kind: ComponentKind, requested: Position): string | null {
  const { doc, kinds, lang } = get();
  if (!doc) return null;
  const at = freeSpot(requested);
  const label = kindLabel(lang, kind, kinds[kind]?.label);
  let id: string | null = null;
  get().apply((d) => {
    const r = ops.addComponent(d, kind, label, initialConfig(kind), at);
    id = r.id;
    return r.doc;
  });
  if (id) get().select([id]);
  return id;
}

/** Creates a component of `kind` right of `source` and connects `port` of `source` to it. */
export function createAndConnect(source: string, port: ops.Port, kind: ComponentKind): string | null {
  const { doc, kinds, lang } = get();
  if (!doc) return null;
  const from = doc.layout.components[source] ?? { x: 0, y: 0 };
  const at = freeSpot({ x: from.x + 320, y: from.y });
  const label = kindLabel(lang, kind, kinds[kind]?.label);
  let id: string | null = null;
  get().apply((d) => {
    const r = ops.addComponent(d, kind, label, initialConfig(kind), at);
    id = r.id;
    return ops.connect(r.doc, source, port, r.id);
  });
  return id;
}

export function connect(source: string, port: ops.Port, target: string | null) {
  get().apply((d) => ops.connect(d, source, port, target));
}

export function deleteSelection() {
  const { selection, doc } = get();
  if (!doc || selection.length === 0) return;
  const noteIds = new Set((doc.flow.notes ?? []).map((n) => n.id));
  get().apply((d) => ops.removeNotes(ops.removeComponents(d, selection), selection.filter((id) => noteIds.has(id))));
  get().select(selection.filter((id) => id === doc.flow.entry));
}

/** The app's clipboard: it outlives switching flows, so components copy between flows. The
 * system clipboard gets the same content as JSON text (see `installShortcuts`). */
let clipboard: ops.Clipboard | null = null;

export function copySelection(): ops.Clipboard | null {
  const { doc, selection } = get();
  if (!doc) return null;
  const clip = ops.copy(doc, selection);
  if (!clip) return null;
  clipboard = clip;
  try {
    void navigator.clipboard?.writeText(JSON.stringify(clip)).catch(() => undefined);
  } catch {
    // The app's clipboard is enough between flows of this window.
  }
  return clip;
}

/** What Ctrl+V pastes: `text` from the system clipboard when it holds copied components (from
 * another window, say), else the app's clipboard. A damaged Callflow clipboard is reported. */
export function pasteClipboard(text?: string) {
  let clip = clipboard;
  if (text !== undefined) {
    const parsed = ops.parseClipboard(text);
    if (parsed && "error" in parsed) {
      get().setError({ type: "invalid", message: translate(get().lang, "clipboard.bad", { message: messageText(get().lang, parsed.error) }) });
      return;
    }
    if (parsed) clip = parsed;
  }
  if (!clip) return;
  const doc = get().doc;
  if (!doc) return;
  // In the flow it came from, the copy lands next to the originals; elsewhere, in view.
  let offset: Position = { x: 40, y: 40 };
  if (clip.flow !== doc.flow.id) {
    const centre = canvasApi.current?.center() ?? { x: 0, y: 0 };
    const origin = ops.clipboardOrigin(clip);
    offset = { x: Math.round(centre.x - origin.x), y: Math.round(centre.y - origin.y) };
  }
  const pasted = clip;
  let ids: string[] = [];
  get().apply((d) => {
    const r = ops.paste(d, pasted, offset);
    ids = r.ids;
    return r.doc;
  });
  get().select(ids);
}

export function duplicateSelection() {
  const { doc, selection } = get();
  if (!doc) return;
  const clip = ops.copy(doc, selection);
  if (!clip) return;
  let ids: string[] = [];
  get().apply((d) => {
    const r = ops.paste(d, clip, { x: 40, y: 40 });
    ids = r.ids;
    return r.doc;
  });
  get().select(ids);
}

/** Asks before unsaved changes are thrown away (an in-app dialog, see Overlays). */
export const confirmRequest: { current: { message: string; resolve: (ok: boolean) => void } | null; listeners: Set<() => void> } = {
  current: null,
  listeners: new Set(),
};

export function confirm(message: string): Promise<boolean> {
  return new Promise((resolve) => {
    confirmRequest.current?.resolve(false);
    confirmRequest.current = { message, resolve };
    confirmRequest.listeners.forEach((f) => f());
  });
}

export async function confirmDiscard(): Promise<boolean> {
  const s = get();
  if (!s.doc || s.doc === s.saved) return true;
  return confirm(translate(s.lang, "new.discard"));
}

export async function newFlow(name: string, flowType: FlowType) {
  if (get().libraryAvailable) {
    const { createFlow } = await import("../library/library");
    return createFlow(name, flowType);
  }
  if (!(await confirmDiscard())) return;
  try {
    const id = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "flow";
    const file = await call("new_flow", { id, name, flowType });
    loadDoc(file, null);
    get().requestFit();
  } catch (err) {
    report(err);
  }
}

export async function importFlow() {
  if (get().libraryAvailable) {
    const { importIntoLibrary } = await import("../library/library");
    return importIntoLibrary();
  }
  if (!(await confirmDiscard())) return;
  try {
    const opened = await call("import_flow");
    if (!opened) return;
    loadDoc(opened.file, opened.path);
    await layoutIfMissing();
  } catch (err) {
    report(err);
  }
}

export async function openSample(name: string) {
  if (!get().libraryId && !(await confirmDiscard())) return;
  if (get().libraryId) {
    const { flushDraft } = await import("../library/library");
    await flushDraft();
  }
  try {
    const samples = await call("sample_flows");
    const sample = samples.find((s) => s.name === name);
    if (!sample) return;
    loadDoc(sample.file, null);
    await layoutIfMissing();
  } catch (err) {
    report(err);
  }
}

export type Notice = { kind: "saved" | "exported" | "draft"; path: string } | null;

/** Saves to the file it came from, or asks where (export) when there is none. */
export async function save(): Promise<Notice> {
  const { doc, path, libraryId } = get();
  if (!doc) return null;
  if (libraryId) {
    const { flushDraft } = await import("../library/library");
    await flushDraft();
    return { kind: "draft", path: doc.flow.name };
  }
  if (!path) return exportFlow();
  try {
    await call("save_flow", { file: doc, path });
    get().markSaved(path);
    return { kind: "saved", path };
  } catch (err) {
    report(err);
    return null;
  }
}

export async function exportFlow(): Promise<Notice> {
  const { doc } = get();
  if (!doc) return null;
  try {
    const suggested = `${doc.flow.id || "flow"}.callflow.json`;
    const path = await call("export_flow", { file: doc, suggestedName: suggested });
    if (!path) return null;
    // A file-only document is now saved in that file; a library draft stays the library's.
    if (get().doc === doc && !get().libraryId) get().markSaved(path);
    return { kind: "exported", path };
  } catch (err) {
    report(err);
    return null;
  }
}

/** Node sizes measured by the canvas (shared with it), for the layout. */
export const measuredSizes = new Map<string, Size>();

/** Opens a document; the canvas measures its boxes afresh. */
export function loadDoc(file: FlowFile, path: string | null) {
  measuredSizes.clear();
  get().load(file, path);
}

function exitsForLayout(): Record<string, ExitInfo[]> {
  const { analysis, doc, kinds } = get();
  const out: Record<string, ExitInfo[]> = {};
  if (!doc) return out;
  for (const [id, c] of Object.entries(doc.flow.components)) {
    out[id] = analysis?.exits[id] ?? kinds[c.kind]?.exits ?? [];
  }
  return out;
}

/** Layouts being computed (opening a flow without positions may overlap an Auto-layout). */
let layoutsRunning = 0;
function layoutRunning(delta: 1 | -1) {
  layoutsRunning += delta;
  get().setLayingOut(layoutsRunning > 0);
}

export async function autoLayout(): Promise<void> {
  const doc = get().doc;
  if (!doc || get().layingOut) return;
  layoutRunning(1);
  try {
    const positions = await layoutFlow(doc, exitsForLayout(), measuredSizes);
    // A large flow takes seconds: edits made meanwhile stay, and so does the layout (one undo
    // step), except for components removed meanwhile; another flow opened meanwhile gets none.
    const current = get().doc;
    if (!current || current.flow.id !== doc.flow.id) return;
    const present = Object.fromEntries(Object.entries(positions).filter(([id]) => id in current.flow.components));
    get().apply((d) => ops.moveComponents(d, present));
    get().requestFit();
  } catch (err) {
    get().setError({ type: "invalid", message: translate(get().lang, "layout.failed", { message: String(err) }) });
  } finally {
    layoutRunning(-1);
  }
}

/** Resolves once the canvas has measured every component (or after `timeoutMs`). Polls with
 * timers: animation frames are not delivered while nothing on screen changes. */
function measuredAll(ids: string[], timeoutMs = 1500): Promise<void> {
  const started = performance.now();
  return new Promise((resolve) => {
    const poll = () => {
      if (ids.every((id) => measuredSizes.has(id)) || performance.now() - started > timeoutMs) resolve();
      else setTimeout(poll, 16);
    };
    poll();
  });
}

/** What follows opening a document: layout when it has none, then fit it in view. */
export function afterOpen(): Promise<void> {
  return layoutIfMissing();
}

/** Lays out a freshly opened flow whose file has no positions, without an undo step. */
export async function layoutIfMissing() {
  const doc = get().doc;
  if (!doc) return;
  const missing = Object.keys(doc.flow.components).some((id) => !(id in doc.layout.components));
  if (!missing) {
    get().requestFit();
    return;
  }
  // Boxes differ in height (exits, keys): lay out with their real sizes. A large flow is only
  // drawn where it is visible, so it is laid out with the sizes measured so far.
  const ids = Object.keys(doc.flow.components);
  if (ids.length <= CULL_FROM) await measuredAll(ids);
  layoutRunning(1);
  try {
    const positions = await layoutFlow(doc, exitsForLayout(), measuredSizes);
    const current = get().doc;
    if (!current || current.flow.id !== doc.flow.id) return;
    // Place only what still has no place: never move a box the user placed meanwhile.
    const missingNow: Record<string, Position> = {};
    for (const [id, p] of Object.entries(positions)) {
      if (id in current.flow.components && !(id in current.layout.components)) missingNow[id] = p;
    }
    const wasSaved = current === get().saved;
    if (Object.keys(missingNow).length > 0) get().applyTransient((d) => ops.moveComponents(d, missingNow));
    // Opening a file never shows it as changed: positions alone are saved with the next edit.
    if (wasSaved) get().markSavedDoc(get().doc!);
    get().requestFit();
  } catch (err) {
    report(err);
  } finally {
    layoutRunning(-1);
  }
}

