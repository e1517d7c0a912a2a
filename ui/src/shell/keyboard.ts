// Global shortcuts (listed in the help overlay). Editing keys are ignored while typing in a
// field, except the ones that make sense there (save, search).
import { canvasApi } from "../canvas/api";
import * as actions from "../store/actions";
import { useStore } from "../store/store";
import { notice, savedNotice } from "./Toolbar";
import { togglePanel } from "../panel/panel";

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
}

/** Whether a key or a paste belongs to something over the flow: a field being typed in, an
 * overlay, the error dialog or any other modal dialog (the export dialog). */
function notForTheFlow(target: EventTarget | null): boolean {
  const s = useStore.getState();
  return typing(target) || s.overlay !== "none" || s.error !== null || document.querySelector("[aria-modal='true']") !== null;
}

export function installShortcuts(): () => void {
  let copied: ReturnType<typeof actions.copySelection> = null;
  let pasteFallback: ReturnType<typeof setTimeout> | null = null;
  const onKey = (e: KeyboardEvent) => {
    const s = useStore.getState();
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === "k") {
      e.preventDefault();
      s.setOverlay(s.overlay === "search" ? "none" : "search");
      return;
    }
    if (mod && key === "s") {
      e.preventDefault();
      void (e.shiftKey ? actions.exportFlow() : actions.save()).then((r) => {
        if (r) notice.set(savedNotice(r));
      });
      return;
    }
    if (mod && key === "j") {
      // As in VS Code: the bottom panel collapses or expands, even from a field inside it.
      e.preventDefault();
      togglePanel();
      return;
    }
    if (mod && key === "o") {
      e.preventDefault();
      void actions.importFlow();
      return;
    }
    if (notForTheFlow(e.target)) return;
    if (mod && key === "z") {
      e.preventDefault();
      if (e.shiftKey) s.redo();
      else s.undo();
    } else if (mod && key === "y") {
      e.preventDefault();
      s.redo();
    } else if (mod && key === "c") {
      // Not prevented: the `copy` event that follows puts the same JSON on the system clipboard.
      copied = actions.copySelection();
    } else if (mod && key === "v") {
      // The `paste` event that follows carries the system clipboard; when the webview sends none
      // (nothing editable has focus), the app's clipboard is pasted a moment later.
      if (pasteFallback) clearTimeout(pasteFallback);
      pasteFallback = setTimeout(() => {
        pasteFallback = null;
        actions.pasteClipboard();
      }, 60);
    } else if (mod && key === "d") {
      e.preventDefault();
      actions.duplicateSelection();
    } else if (mod && key === "a") {
      e.preventDefault();
      const doc = s.doc;
      if (doc) s.select([...Object.keys(doc.flow.components), ...(doc.flow.notes ?? []).map((n) => n.id)]);
    } else if (mod && key === "l") {
      e.preventDefault();
      void actions.autoLayout();
    } else if (mod && key === "0") {
      e.preventDefault();
      canvasApi.current?.fit();
    } else if (e.key === "F1" || (e.key === "?" && !mod)) {
      e.preventDefault();
      s.setOverlay("help");
    } else if ((e.key === "Delete" || e.key === "Backspace") && !mod) {
      e.preventDefault();
      canvasApi.current?.deleteSelection();
    } else if (e.key === "Escape") {
      s.select([]);
    }
  };
  const onCopy = (e: ClipboardEvent) => {
    if (typing(e.target) || !copied || !e.clipboardData) return;
    e.clipboardData.setData("text/plain", JSON.stringify(copied));
    e.preventDefault();
    copied = null;
  };
  const onPaste = (e: ClipboardEvent) => {
    if (notForTheFlow(e.target)) return;
    if (pasteFallback) clearTimeout(pasteFallback);
    pasteFallback = null;
    e.preventDefault();
    actions.pasteClipboard(e.clipboardData?.getData("text/plain") ?? undefined);
  };
  window.addEventListener("keydown", onKey);
  document.addEventListener("copy", onCopy);
  document.addEventListener("paste", onPaste);
  return () => {
    window.removeEventListener("keydown", onKey);
    document.removeEventListener("copy", onCopy);
    document.removeEventListener("paste", onPaste);
  };
}
