// The one store of the app. Components read it through narrow selectors
// (`useStore((s) => s.doc?.flow.name)`), never the whole state.
import { create } from "zustand";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { ComponentKind } from "../bindings/ComponentKind";
import type { FlowFile } from "../bindings/FlowFile";
import type { Analysis } from "../gen/Analysis";
import type { AppError } from "../gen/AppError";
import type { FlowDiff } from "../store-bindings/FlowDiff";
import type { Position } from "../bindings/Position";
import { moveComponents, moveNote, normalize, type Doc } from "./ops";
import { withLayer, type DecorationLayer, type Decorations } from "../canvas/decorations";

export const HISTORY_LIMIT = 200;

export type Lang = "en" | "cs";

export interface FocusRequest {
  id: string;
  seq: number;
}

/** A comparison of a saved version with the draft, drawn on the canvas. */
export interface DiffView {
  from: number;
  result: FlowDiff;
  /** The version's document, for components the draft no longer has. */
  fromDoc: Doc;
}

export interface State {
  catalog: CatalogEntry[];
  kinds: Partial<Record<ComponentKind, CatalogEntry>>;
  doc: Doc | null;
  /** The file the document was opened from or exported to, if any. */
  path: string | null;
  /** The document as last saved or opened: `doc !== saved` means unsaved changes. */
  saved: Doc | null;
  past: Doc[];
  future: Doc[];
  /** Document before the gesture in progress (a drag): one undo step for the whole gesture. */
  gestureBase: Doc | null;
  /** Where the boxes being dragged are now (components and notes), applied to `doc` when the
   * drag ends: a drag frame touches a few boxes, not a copy of every position of a large flow. */
  dragPositions: Record<string, Position> | null;
  selection: string[];
  analysis: Analysis | null;
  /** The flow the analysis is about (to know when it is stale). */
  analyzed: Doc["flow"] | null;
  error: AppError | null;
  focus: FocusRequest | null;
  lang: Lang;
  overlay: "none" | "help" | "search" | "new";
  /** The library flow being edited (its draft is autosaved); null for a document from a file. */
  libraryId: string | null;
  /** Whether the flow library could be opened; null until the app has asked at start. */
  libraryAvailable: boolean | null;
  /** Bumped whenever the library changed, so lists reload. */
  libraryRevision: number;
  diff: DiffView | null;
  /** Bumped to ask the canvas to fit the flow in view once its boxes are measured. */
  fitSeq: number;
  /** Whether an auto-layout is being computed (a large flow takes seconds). */
  layingOut: boolean;
  /** Marks drawn on the canvas by features (debugger, coverage...), by layer: see canvas/decorations.ts. */
  decorations: Decorations;
}

export interface Actions {
  setCatalog(catalog: CatalogEntry[]): void;
  load(file: FlowFile, path: string | null): void;
  /** Applies an edit as one undoable step. */
  apply(edit: (doc: Doc) => Doc): void;
  beginGesture(): void;
  /** Applies an edit inside a gesture: no undo step of its own. */
  applyTransient(edit: (doc: Doc) => Doc): void;
  /** Moves boxes inside a gesture (see `dragPositions`). */
  dragTo(moves: Record<string, Position>): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  markSaved(path: string | null): void;
  select(ids: string[]): void;
  focusOn(id: string): void;
  setAnalysis(flow: Doc["flow"], analysis: Analysis): void;
  setError(error: AppError | null): void;
  setLang(lang: Lang): void;
  setOverlay(overlay: State["overlay"]): void;
  /** Marks `doc` (the document that was written) as saved. */
  markSavedDoc(doc: Doc): void;
  setLibrary(available: boolean): void;
  setLibraryId(id: string | null): void;
  bumpLibrary(): void;
  setDiff(diff: DiffView | null): void;
  requestFit(): void;
  setLayingOut(on: boolean): void;
  /** Publishes (or, with null, removes) one decoration layer: see canvas/decorations.ts. */
  setDecorations(layer: string, value: DecorationLayer | null): void;
}

export type Store = State & Actions;

export const initialState = (): State => ({
  catalog: [],
  kinds: {},
  doc: null,
  path: null,
  saved: null,
  past: [],
  future: [],
  gestureBase: null,
  dragPositions: null,
  selection: [],
  analysis: null,
  analyzed: null,
  error: null,
  focus: null,
  lang: detectLang(),
  overlay: "none",
  libraryId: null,
  libraryAvailable: null,
  libraryRevision: 0,
  diff: null,
  fitSeq: 0,
  layingOut: false,
  decorations: {},
});

function detectLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem("callflow.lang");
    if (stored === "en" || stored === "cs") return stored;
  } catch {
    // no storage: fall through
  }
  const nav = globalThis.navigator?.language ?? "en";
  return nav.toLowerCase().startsWith("cs") ? "cs" : "en";
}

let focusSeq = 0;

export const useStore = create<Store>()((set, get) => ({
  ...initialState(),
  setCatalog(catalog) {
    const kinds: Partial<Record<ComponentKind, CatalogEntry>> = {};
    for (const entry of catalog) kinds[entry.kind] = entry;
    set({ catalog, kinds });
  },
  load(file, path) {
    const doc = normalize(file);
    set({ doc, saved: doc, path, past: [], future: [], selection: [], analysis: null, analyzed: null, gestureBase: null, dragPositions: null, diff: null, libraryId: null });
  },
  apply(edit) {
    const { doc, past } = get();
    if (!doc) return;
    const next = edit(doc);
    if (next === doc) return;
    set({ doc: next, past: [...past.slice(-(HISTORY_LIMIT - 1)), doc], future: [] });
  },
  beginGesture() {
    const { doc, gestureBase } = get();
    if (doc && !gestureBase) set({ gestureBase: doc });
  },
  applyTransient(edit) {
    const { doc } = get();
    if (!doc) return;
    const next = edit(doc);
    if (next !== doc) set({ doc: next });
  },
  dragTo(moves) {
    const { doc, gestureBase, dragPositions } = get();
    if (!doc) return;
    if (!gestureBase) {
      // Not inside a gesture (keyboard moves): an ordinary, undoable edit.
      get().apply((d) => withMoves(d, moves));
      return;
    }
    set({ dragPositions: { ...dragPositions, ...moves } });
  },
  endGesture() {
    const { gestureBase, past, dragPositions } = get();
    if (!gestureBase) return;
    const doc = dragPositions && get().doc ? withMoves(get().doc!, dragPositions) : get().doc;
    if (doc && doc !== gestureBase) {
      set({ doc, gestureBase: null, dragPositions: null, past: [...past.slice(-(HISTORY_LIMIT - 1)), gestureBase], future: [] });
    } else set({ gestureBase: null, dragPositions: null });
  },
  undo() {
    const { doc, past, future } = get();
    const prev = past[past.length - 1];
    if (!doc || !prev) return;
    set({ doc: prev, past: past.slice(0, -1), future: [doc, ...future], selection: keepExisting(get().selection, prev) });
  },
  redo() {
    const { doc, past, future } = get();
    const next = future[0];
    if (!doc || !next) return;
    set({ doc: next, past: [...past, doc], future: future.slice(1), selection: keepExisting(get().selection, next) });
  },
  markSaved(path) {
    set({ saved: get().doc, path: path ?? get().path });
  },
  select(ids) {
    const current = get().selection;
    if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
    set({ selection: ids });
  },
  focusOn(id) {
    set({ selection: [id], focus: { id, seq: ++focusSeq } });
  },
  setAnalysis(flow, analysis) {
    set({ analysis, analyzed: flow });
  },
  setError(error) {
    set({ error });
  },
  setLang(lang) {
    try {
      globalThis.localStorage?.setItem("callflow.lang", lang);
    } catch {
      // ignore
    }
    set({ lang });
  },
  setOverlay(overlay) {
    set({ overlay });
  },
  markSavedDoc(doc) {
    set({ saved: doc });
  },
  setLibrary(available) {
    set({ libraryAvailable: available });
  },
  setLibraryId(libraryId) {
    set({ libraryId });
  },
  bumpLibrary() {
    set({ libraryRevision: get().libraryRevision + 1 });
  },
  setDiff(diff) {
    set({ diff });
  },
  requestFit() {
    set({ fitSeq: get().fitSeq + 1 });
  },
  setLayingOut(on) {
    set({ layingOut: on });
  },
  setDecorations(layer, value) {
    const next = withLayer(get().decorations, layer, value);
    if (next !== get().decorations) set({ decorations: next });
  },
}));

/** `doc` with boxes (components or notes) moved. */
function withMoves(doc: Doc, moves: Record<string, Position>): Doc {
  const components: Record<string, Position> = {};
  let next = doc;
  for (const [id, p] of Object.entries(moves)) {
    if (id in doc.flow.components) components[id] = p;
    else next = moveNote(next, id, p);
  }
  return Object.keys(components).length > 0 ? moveComponents(next, components) : next;
}

function keepExisting(selection: string[], doc: Doc): string[] {
  const comps = doc.flow.components;
  const notes = new Set((doc.flow.notes ?? []).map((n) => n.id));
  return selection.filter((id) => id in comps || notes.has(id));
}

/** Whether the document has changes not yet saved. */
export const selectDirty = (s: State) => s.doc !== null && s.doc !== s.saved;
