import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { Canvas } from "./canvas/Canvas";
import { Palette } from "./canvas/Palette";
import { Inspector } from "./inspector/Inspector";
import { translate, useT } from "./lib/i18n";
import { call } from "./lib/ipc/invoke";
import { Problems } from "./problems/Problems";
import { startAnalysis } from "./store/analysis";
import * as actions from "./store/actions";
import { selectDirty, useStore } from "./store/store";
import { installShortcuts } from "./shell/keyboard";
import { Overlays } from "./shell/Overlays";
import { Toolbar } from "./shell/Toolbar";

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

export function App() {
  const t = useT();
  const ready = useStore((s) => s.catalog.length > 0 && s.doc !== null);
  useWindowTitle();

  useEffect(() => {
    const stopAnalysis = startAnalysis();
    const stopKeys = installShortcuts();
    void (async () => {
      try {
        useStore.getState().setCatalog(await call("catalog"));
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
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="cf-app" data-ready={ready ? "true" : "false"}>
        <Toolbar />
        <div className="cf-main">
          <Palette />
          <div className="cf-center">
            {ready ? <Canvas /> : <div className="cf-loading">{t("app.loading")}</div>}
            <Problems />
          </div>
          <Inspector />
        </div>
        <Overlays />
      </div>
    </ReactFlowProvider>
  );
}
