// Probe: what the page holds after a start (DOM elements, React fibers and their alternates),
// beside the web process's memory, to tell the runs that start "high" from the "low" ones
// (BENCHMARKS.md, "The memory floor"). Run by hand, several times:
//   cd tests/e2e && CALLFLOW_APP_BIN=… xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
//     env NO_AT_BRIDGE=1 npx --no-install wdio run ./wdio.probe.conf.js --spec bench/startstate.probe.js
import { appReady } from "../specs/helpers.js";
import { memoryMb } from "./lib.js";

describe("the page after a start", () => {
  it("counts what it holds", async () => {
    await appReady();
    await browser.pause(12000);
    const page = await browser.execute(() => {
      const root = document.getElementById("root");
      const key = Object.keys(root).find((k) => k.startsWith("__reactContainer$"));
      let fibers = 0;
      let alternates = 0;
      const byType = {};
      const stack = [root[key]];
      while (stack.length) {
        const f = stack.pop();
        if (!f) continue;
        fibers++;
        if (f.alternate) alternates++;
        const name = typeof f.type === "function" ? f.type.displayName || f.type.name : typeof f.type === "object" && f.type ? (f.type.type?.name ?? "obj") : String(f.type);
        byType[name] = (byType[name] ?? 0) + 1;
        stack.push(f.child, f.sibling);
      }
      const top = Object.entries(byType).sort((a, b) => b[1] - a[1]).slice(0, 12);
      return { title: document.title, dom: document.getElementsByTagName("*").length, fibers, alternates, top, text: document.body.innerText.length };
    });
    console.log(`STARTSTATE ${JSON.stringify({ ...page, pss: memoryMb().pss })}`);
  });
});
