// Test fixtures: the real catalog (written by `make test-ui` from `callflow catalog`), findings of
// the real checks, the real debugger's decisions and docs.
import fs from "node:fs";
import path from "node:path";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { FlowFile } from "../bindings/FlowFile";
import type { CallStatus } from "../engine-bindings/CallStatus";
import type { PendingDecision } from "../engine-bindings/PendingDecision";
import type { TimerView } from "../engine-bindings/TimerView";
import type { Diagnostic } from "../store-bindings/Diagnostic";
import type { VersionInfo } from "../store-bindings/VersionInfo";
import type { ErrorReport } from "../store-bindings/ErrorReport";
import { isInvalid, messageText } from "../lib/i18n";
import { normalize, type Doc } from "../store/ops";
import type { Lang } from "../store/store";

/** `src/test/<name>.generated.json`, which `make test-ui` writes from `source` before Vitest runs. */
function generated<T>(name: string, source: string): T {
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), `${name}.generated.json`);
  if (!fs.existsSync(file)) throw new Error(`run \`make test-ui\` (it writes src/test/${name}.generated.json from ${source})`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as T;
}

export function loadCatalog(): CatalogEntry[] {
  return generated<CatalogEntry[]>("catalog", "the CLI");
}

/** One finding of each shape the checks produce on random flows (written by `make test-ui` from
 * `crates/check/tests/props.rs`), with their wording. */
export function loadFindingSamples(): Diagnostic[] {
  return generated<Diagnostic[]>("findings", "the checks' tests");
}

/** One debugger decision, one call status and one pending timer per shape met while exploring the
 * sample flows (written by `make test-ui` from `crates/engine/tests/decisions.rs`). */
export function loadDecisionSamples(): DecisionSamples {
  return generated<DecisionSamples>("decisions", "the engine's tests");
}

interface DecisionSamples {
  decisions: PendingDecision[];
  calls: { state: string; status: CallStatus }[];
  timers: TimerView[];
}

export function sampleDoc(): Doc {
  const file: FlowFile = {
    format: "callflow",
    version: 1,
    flow: {
      id: "t",
      name: "Test",
      type: "inbound",
      entry: "start",
      components: {
        start: { kind: "start", name: "Start", exits: { next: "menu" } },
        menu: {
          kind: "menu",
          name: "Main menu",
          config: { prompt: { type: "tts", text: "Press 1" }, options: [{ key: "1", label: "Sales" }] },
          exits: { key_1: "queue", invalid: null, no_input: null },
        },
        queue: {
          kind: "assignment_dial",
          name: "Sales queue",
          config: { selection: { type: "ring_groups", ring_groups: ["sales"] } },
          exits: { no_answer: "bye" },
          alternative_keys: { "1": "bye" },
          error_handling: { mode: "custom", target: "bye" },
        },
        bye: { kind: "hang_up", name: "Bye" },
      },
    },
    layout: { components: { start: { x: 0, y: 0 }, menu: { x: 300, y: 0 } }, notes: {}, viewport: null },
  };
  return normalize(file);
}

/** Versions whose message the library wrote, with their notes (written by `make test-ui` from
 * `crates/store/tests/notes.rs`). */
export function loadNoteSamples(): VersionInfo[] {
  return generated<VersionInfo[]>("notes", "the store's tests");
}

/** One report of each kind of library error (written by `make test-ui` from
 * `crates/store/tests/error_reports.rs`). */
export function loadStoreErrorSamples(): ErrorReport[] {
  return generated<ErrorReport[]>("storeerrors", "the store's tests");
}

/** A parser's refusal worded in `lang` (`null` when it accepted): tests read what the user reads. */
export function refusal(value: unknown, lang: Lang = "en"): string | null {
  return isInvalid(value) ? messageText(lang, value.error) : null;
}
