// Amazon Connect flows in and out of the app (callflow-interchange on the Rust side). An import
// opens the flow as a new, unsaved document; both directions return the list of what did not map.
import type { ConnectExport } from "../gen/ConnectExport";
import type { ConnectImport } from "../gen/ConnectImport";
import { call } from "../lib/ipc/invoke";
import * as actions from "../store/actions";
import { useStore } from "../store/store";

/** Asks for a Connect flow and opens it; the import report, or null when cancelled. */
export async function importConnectFlow(): Promise<ConnectImport | null> {
  const state = useStore.getState();
  if (state.libraryId) {
    const { flushDraft } = await import("../library/library");
    await flushDraft();
  } else if (!(await actions.confirmDiscard())) {
    return null;
  }
  const imported = await call("import_connect");
  if (!imported) return null;
  actions.loadDoc(imported.file, null);
  await actions.layoutIfMissing();
  return imported;
}

/** Asks where to write the open flow as Connect JSON; the export report, or null. */
export async function exportConnectFlow(): Promise<ConnectExport | null> {
  const doc = useStore.getState().doc;
  if (!doc) return null;
  return call("export_connect", { file: doc, suggestedName: `${doc.flow.id || "flow"}.connect.json` });
}
