import { ReactFlowProvider } from "@xyflow/react";
import { useEffect, useState } from "react";
import { Canvas } from "./canvas/Canvas";
import { Palette } from "./canvas/Palette";
import { Inspector } from "./inspector/Inspector";
import { translate, useT } from "./lib/i18n";
import { call } from "./lib/ipc/invoke";
import { LibraryPanel } from "./library/LibraryPanel";
import * as library from "./library/library";
import { DebugToggle } from "./debugger/Debugger";
import { BottomPanel } from "./panel/BottomPanel";
import { startAnalysis } from "./store/analysis";
import * as actions from "./store/actions";
import { selectDirty, useStore } from "./store/store";
import { installShortcuts } from "./shell/keyboard";
import { Overlays } from "./shell/Overlays";
import { Toolbar } from "./shell/Toolbar";
import { ExportDialog } from "./export/ExportDialog";

/** Keeps the native window title in step with the flow name and its unsaved state. */
function useWindowTitle() {
  const name = useStore((s) => s.doc?.flow.name);
  const dirty = useStore(selectDirty);
  const lang = useStore((s) => s.lang);
  useEffect(() => {
    const app = translate(lang, "app.title");
    const title = name ? `${dirty ? "● " : ""}${name} — ${app}` : app;
    document.title = title;
    call("set_title", { title }).catch(() => {});
  }, [name, dirty, lang]);
}

function Sidebar() {
  const t = useT();
  const available = useStore((s) => s.libraryAvailable);
  const [tab, setTab] = useState<"components" | "library">("components");
  return (
    <div className="cf-sidebar">
      {available && (
        <div className="cf-tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab === "components"} className={tab === "components" ? "active" : ""} onClick={() => setTab("components")} data-testid="tab-components">
            {t("sidebar.components")}
          </button>
          <button type="button" role="tab" aria-selected={tab === "library"} className={tab === "library" ? "active" : ""} onClick={() => setTab("library")} data-testid="tab-library">
            {t("sidebar.library")}
          </button>
        </div>
      )}
      {tab === "library" && available ? <LibraryPanel /> : <Palette />}
    </div>
  );
}

export function App() {
  const t = useT();
  const ready = useStore((s) => s.catalog.length > 0 && s.doc !== null);
  useWindowTitle();

  useEffect(() => {
    const stopAnalysis = startAnalysis();
    const stopKeys = installShortcuts();
    const stopAutosave = library.startAutosave();
    void (async () => {
      try {
        useStore.getState().setCatalog(await call("catalog"));
        if (await library.openLibraryAtStart()) return;
        if (useStore.getState().libraryAvailable) {
          await actions.newFlow(translate(useStore.getState().lang, "app.untitled"), "inbound");
          return;
        }
        const samples = await call("sample_flows");
        const first = samples[0];
        if (first) await actions.openSample(first.name);
        else await actions.newFlow(translate(useStore.getState().lang, "app.untitled"), "inbound");
      } catch (err) {
        useStore.getState().setError({ type: "invalid", message: String(err) });
      }
    })();
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (selectDirty(useStore.getState())) e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      stopAnalysis();
      stopKeys();
      stopAutosave();
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="cf-app" data-ready={ready ? "true" : "false"}>
        <Toolbar />
        <div className="cf-main">
          <Sidebar />
          <div className="cf-center">
            {ready ? <Canvas /> : <div className="cf-loading">{t("app.loading")}</div>}
            {ready && <DebugToggle />}
            <BottomPanel />
          </div>
          <Inspector />
        </div>
        <Overlays />
        <ExportDialog />
      </div>
    </ReactFlowProvider>
  );
}
