// The flow library in the UI: opening flows, autosaving the draft, versions, publish, diff.
import type { FlowFile } from "../bindings/FlowFile";
import type { FlowType } from "../bindings/FlowType";
import { CommandError, call } from "../lib/ipc/invoke";
import { fact } from "../lib/marks";
import { translate } from "../lib/i18n";
import * as actions from "../store/actions";
import { normalize, type Doc } from "../store/ops";
import { useStore } from "../store/store";
import type { Draft } from "../store-bindings/Draft";

const get = () => useStore.getState();

export const AUTOSAVE_MS = 800;

function report(err: unknown) {
  if (err instanceof CommandError) get().setError(err.error);
  else get().setError({ type: "invalid", message: String(err) });
}

/** Shows a library draft in the editor. */
function show(draft: Draft) {
  actions.loadDoc(draft.document as unknown as FlowFile, null);
  get().setLibraryId(draft.flow_id);
}

/** Writes the current draft now if it has unsaved changes. */
export async function flushDraft(): Promise<void> {
  const { doc, saved, libraryId } = get();
  if (!doc || !libraryId || doc === saved) return;
  try {
    await call("library_save_draft", { id: libraryId, file: doc });
    if (get().libraryId === libraryId) get().markSavedDoc(doc);
    get().bumpLibrary();
  } catch (err) {
    report(err);
  }
}

export async function openFlow(id: string) {
  await flushDraft();
  try {
    show(await call("library_open", { id }));
    await actions.afterOpen();
  } catch (err) {
    report(err);
  }
}

export async function createFlow(name: string, flowType: FlowType) {
  await flushDraft();
  try {
    const summary = await call("library_create", { name, flowType });
    get().bumpLibrary();
    await openFlow(summary.id);
  } catch (err) {
    report(err);
  }
}

export async function importIntoLibrary() {
  await flushDraft();
  try {
    const started = performance.now();
    const draft = await call("library_import");
    if (!draft) return;
    fact("importMs", performance.now() - started);
    show(draft);
    get().bumpLibrary();
    await actions.afterOpen();
  } catch (err) {
    report(err);
  }
}

export async function renameFlow(id: string, name: string) {
  try {
    await flushDraft();
    await call("library_rename", { id, name });
    if (get().libraryId === id) {
      // The draft's name changed in the library: show it without an undo step.
      const doc = get().doc;
      if (doc) {
        const next: Doc = { ...doc, flow: { ...doc.flow, name } };
        get().applyTransient(() => next);
        get().markSavedDoc(next);
      }
    }
    get().bumpLibrary();
  } catch (err) {
    report(err);
  }
}

export async function duplicateFlow(id: string) {
  try {
    await flushDraft();
    const copy = await call("library_duplicate", { id });
    get().bumpLibrary();
    await openFlow(copy.id);
  } catch (err) {
    report(err);
  }
}

export async function deleteFlow(id: string) {
  const ok = await actions.confirm(translate(get().lang, "library.confirmDelete"));
  if (!ok) return;
  try {
    await call("library_delete", { id });
    get().bumpLibrary();
    if (get().libraryId === id) {
      const rest = await call("library_list", { query: { text: null, kind: null, phone: null, queue: null, trash: false } });
      const next = rest[0];
      if (next) await openFlow(next.id);
      else await createFlow(translate(get().lang, "app.untitled"), "inbound");
    }
  } catch (err) {
    report(err);
  }
}

export async function saveVersion(message: string): Promise<number | null> {
  const { doc, libraryId } = get();
  if (!doc || !libraryId) return null;
  try {
    const saved = await call("library_save_version", { id: libraryId, file: doc, message });
    await call("library_save_draft", { id: libraryId, file: doc });
    if (get().doc === doc) get().markSavedDoc(doc);
    get().bumpLibrary();
    return saved.number;
  } catch (err) {
    report(err);
    return null;
  }
}

export async function restoreVersion(number: number) {
  const { libraryId } = get();
  if (!libraryId) return;
  await flushDraft();
  try {
    const restored = await call("library_restore", { id: libraryId, number });
    show(restored.draft);
    get().bumpLibrary();
    await actions.afterOpen();
  } catch (err) {
    report(err);
  }
}

export async function compareWithDraft(number: number) {
  const { libraryId } = get();
  if (!libraryId) return;
  await flushDraft();
  try {
    const [result, fromFile] = await Promise.all([
      call("library_diff", { id: libraryId, from: { version: number }, to: "draft" }),
      call("library_open_version", { id: libraryId, number }),
    ]);
    get().setDiff({ from: number, result, fromDoc: normalize(fromFile) });
  } catch (err) {
    report(err);
  }
}

export type PublishOutcome = { ok: true; version: number; warnings: number } | { ok: false };

export async function publishLatest(): Promise<PublishOutcome> {
  const { libraryId } = get();
  if (!libraryId) return { ok: false };
  await flushDraft();
  try {
    const published = await call("library_publish", { id: libraryId, number: null });
    get().bumpLibrary();
    return { ok: true, version: published.version, warnings: published.warnings.length };
  } catch (err) {
    report(err);
    return { ok: false };
  }
}

/** Autosaves the draft of the library flow after edits (debounced). */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = useStore.subscribe((state, prev) => {
    const changed = state.doc !== prev.doc || (prev.gestureBase !== null && state.gestureBase === null);
    if (!state.libraryId || !changed || state.doc === state.saved) return;
    if (state.gestureBase) return; // wait for the end of a drag
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // A drag began since the edit: writing the draft now would hold its frames (a large
      // flow's document is serialised on this thread); the drag's end schedules the save.
      if (get().gestureBase) return;
      void flushDraft();
    }, AUTOSAVE_MS);
  });
  const beforeClose = () => void flushDraft();
  window.addEventListener("pagehide", beforeClose);
  return () => {
    unsubscribe();
    window.removeEventListener("pagehide", beforeClose);
    if (timer) clearTimeout(timer);
  };
}

/** Opens the library at start: the welcome sample on a fresh library's first start, else the
 * most recently changed flow. False when there is none. */
export async function openLibraryAtStart(): Promise<boolean> {
  try {
    const status = await call("library_status").catch((err: unknown) => {
      get().setLibrary(false);
      throw err;
    });
    if (status.error) {
      get().setLibrary(false);
      get().setError({ type: "store", report: status.error });
      return false;
    }
    get().setLibrary(true);
    const flows = await call("library_list", { query: { text: null, kind: null, phone: null, queue: null, trash: false } });
    const welcome = flows.find((f) => f.id === status.first_flow);
    const latest = welcome ?? [...flows].sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0];
    if (!latest) return false;
    await openFlow(latest.id);
    return true;
  } catch (err) {
    report(err);
    return false;
  }
}
