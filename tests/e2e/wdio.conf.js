// End-to-end tests of the real Callflow Studio window: WebdriverIO -> tauri-driver ->
// WebKitWebDriver -> the built app (run under Xvfb + dbus by `make test-e2e`).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPainting } from "./specs/helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const application = process.env.CALLFLOW_APP_BIN ?? path.join(root, "target/debug/callflow-studio");
export const artifacts = path.join(here, "artifacts");
fs.mkdirSync(artifacts, { recursive: true });

// File dialogs cannot be driven through WebDriver: the app reads the answers from this file
// (see src-tauri/src/dialogs.rs). Tests write one path per dialog they open.
process.env.CALLFLOW_TEST_DIALOG_ANSWERS = path.join(artifacts, "dialog-answers.txt");
fs.writeFileSync(process.env.CALLFLOW_TEST_DIALOG_ANSWERS, "");
// A private data directory so the library and WebKit storage start fresh each run.
const home = fs.mkdtempSync(path.join(os.tmpdir(), "callflow-e2e-"));
process.env.XDG_DATA_HOME = path.join(home, "data");
process.env.XDG_CONFIG_HOME = path.join(home, "config");
process.env.XDG_CACHE_HOME = path.join(home, "cache");

let driver;

export const config = {
  runner: "local",
  hostname: "127.0.0.1",
  port: 4444,
  specs: ["./specs/**/*.e2e.js"],
  maxInstances: 1,
  capabilities: [
    {
      "tauri:options": { application },
      "wdio:enforceWebDriverClassic": true,
    },
  ],
  logLevel: "warn",
  bail: 0,
  waitforTimeout: 10000,
  connectionRetryTimeout: 120000,
  connectionRetryCount: 2,
  framework: "mocha",
  reporters: ["spec"],
  mochaOpts: { ui: "bdd", timeout: 90000 },

  onPrepare() {
    if (!fs.existsSync(application)) throw new Error(`the app is not built: ${application}`);
    driver = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", "4444"], {
      stdio: [null, process.stdout, process.stderr],
    });
    return new Promise((resolve) => setTimeout(resolve, 1500));
  },
  // Every test runs with the page painting (specs/helpers.js, startPainting): one full run in
  // seven hung for 90 s in a test whose every wait has its own timeout, as WebDriver commands do
  // on a still page without compositing.
  async beforeTest() {
    await startPainting().catch(() => {});
  },
  async afterTest(test, _context, { passed }) {
    if (!passed) {
      const name = `FAILED-${test.title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.png`;
      await browser.saveScreenshot(path.join(artifacts, name)).catch(() => {});
    }
  },
  onComplete() {
    driver?.kill();
  },
};
