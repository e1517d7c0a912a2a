// Pure logic of the test runner: edits of the document's saved test calls (each returns a new
// document, applied through the store as one undoable step) and the canvas marks of a run
// (coverage overlay, first difference), as decoration layers (canvas/decorations.ts).
import type { TestCall } from "../bindings/TestCall";
import type { Coverage } from "../engine-bindings/Coverage";
import type { PathLimitHit } from "../engine-bindings/PathLimitHit";
import { translate, type MessageKey, type Params } from "../lib/i18n";
import type { TestReport } from "../engine-bindings/TestReport";
import { edgeId, type DecorationLayer, type NodeDecoration } from "../canvas/decorations";
import type { Doc } from "../store/ops";
import type { Lang } from "../store/store";
import { differenceText } from "./difference";

/** Name prefix of generated test calls (`callflow paths --write` uses the same): generating
 * again replaces them. */
export const GENERATED_PREFIX = "path ";

export function testsOf(doc: Doc): TestCall[] {
  return doc.tests ?? [];
}

function withTests(doc: Doc, tests: TestCall[]): Doc {
  return { ...doc, tests };
}

/** A name not used by another test call (`name`, `name (2)`, ...). */
export function uniqueTestName(tests: TestCall[], name: string, except = -1): string {
  const taken = new Set(tests.filter((_, i) => i !== except).map((t) => t.name));
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Renames test `index`; an empty name is refused (the document is returned unchanged) and a
 * name taken by another test gets a number. */
export function renameTest(doc: Doc, index: number, name: string): Doc {
  const tests = testsOf(doc);
  const current = tests[index];
  const trimmed = name.trim();
  if (!current || trimmed === "" || trimmed === current.name) return doc;
  const next = tests.slice();
  next[index] = { ...current, name: uniqueTestName(tests, trimmed, index) };
  return withTests(doc, next);
}

export function deleteTest(doc: Doc, index: number): Doc {
  const tests = testsOf(doc);
  if (!tests[index]) return doc;
  return withTests(doc, tests.filter((_, i) => i !== index));
}

/** The generated test calls in place of earlier generated ones (names starting with
 * `GENERATED_PREFIX`); the other tests keep their order. Names stay unique. */
export function replaceGenerated(doc: Doc, generated: TestCall[]): Doc {
  const kept = testsOf(doc).filter((t) => !t.name.startsWith(GENERATED_PREFIX));
  const out = kept.slice();
  for (const t of generated) out.push({ ...t, name: uniqueTestName(out, t.name) });
  return withTests(doc, out);
}

/** The canvas handle of an exit named in a trace (`alt_key_9` is the key cell `key:9`). */
export function handleOfExit(exit: string): string {
  if (exit.startsWith("alt_key_")) return `key:${exit.slice("alt_key_".length)}`;
  if (exit === "error") return "error";
  return `exit:${exit}`;
}

/** Splits `component.exit` (component ids never hold a dot: they are slugs). */
export function splitExit(qualified: string): [string, string] {
  const dot = qualified.indexOf(".");
  return dot < 0 ? [qualified, ""] : [qualified.slice(0, dot), qualified.slice(dot + 1)];
}

/** The coverage overlay: components never entered, exits and keys never taken. Components of
 * the document only (a coverage of an older document may name removed ones). */
export function coverageLayer(coverage: Coverage, doc: Doc): DecorationLayer {
  const nodes: Record<string, NodeDecoration> = {};
  const comps = doc.flow.components;
  for (const id of coverage.missing_components) {
    if (id in comps) nodes[id] = { classes: ["cf-cov-missed"], badge: "0×", badgeTitle: "never entered by a test call" };
  }
  for (const q of [...coverage.missing_exits, ...(coverage.missing_keys ?? [])]) {
    const [id, exit] = splitExit(q);
    if (!(id in comps) || !exit) continue;
    const d = (nodes[id] ??= { classes: ["cf-cov-partial"] });
    (d.exits ??= {})[handleOfExit(exit)] = ["cf-cov-exit-missed"];
  }
  // Boxes entered but with exits never taken: a badge with how many, named in its tooltip.
  for (const d of Object.values(nodes)) {
    if (!d.classes?.includes("cf-cov-partial")) continue;
    const missed = Object.keys(d.exits ?? {});
    d.badge = `${missed.length} ○`;
    d.badgeTitle = `never taken: ${missed.map((h) => h.replace(/^exit:/, "").replace(/^key:/, "key ")).join(", ")}`;
  }
  return { nodes, edges: {} };
}

/** The first difference of a failed test on the canvas: where the paths parted (box, exit and
 * edge), the component the test expected and the one the call reached instead (the badges'
 * title: the difference in `lang`). */
export function differenceLayer(report: TestReport, doc: Doc, lang: Lang): DecorationLayer | null {
  const d = report.divergence;
  if (!d) return null;
  const comps = doc.flow.components;
  const title = report.difference ? differenceText(lang, report.difference, (id) => comps[id]?.name ?? id) : undefined;
  const nodes: Record<string, NodeDecoration> = {};
  const edges: Record<string, string[]> = {};
  const expected = d.expected?.component;
  const actual = d.actual?.component;
  if (expected && expected in comps && expected !== d.component) nodes[expected] = { classes: ["cf-diff-expected"], badge: translate(lang, "tests.expected"), badgeTitle: title };
  if (actual && actual in comps && actual !== d.component && actual !== expected) nodes[actual] = { classes: ["cf-diff-actual"], badge: translate(lang, "tests.actual"), badgeTitle: title };
  if (d.component && d.component in comps) {
    const node: NodeDecoration = { classes: ["cf-diff-at"], badge: "≠", badgeTitle: title };
    if (d.exit) {
      node.exits = { [handleOfExit(d.exit)]: ["cf-diff-exit"] };
      edges[edgeId(d.component, handleOfExit(d.exit))] = ["cf-diff-edge"];
    }
    nodes[d.component] = node;
  }
  return Object.keys(nodes).length > 0 ? { nodes, edges } : null;
}

/** `step` of a path in words: `Main menu › key 1`. */
export function describeStep(components: Doc["flow"]["components"] | undefined, step: { component: string; exit?: string } | null | undefined, none: string): string {
  if (!step) return none;
  const name = components?.[step.component]?.name ?? step.component;
  return step.exit ? `${name} › ${step.exit.replace(/_/g, " ")}` : name;
}

/** The Tests tab's line after "Generate tests for all paths": how many were added and, when a
 * bound of the enumeration cut it short, that more paths exist and which bound it was. */
export function generatedNotice(added: number, cutShort: PathLimitHit[], t: (key: MessageKey, params?: Params) => string): string {
  const line = t("tests.generated", { n: added });
  if (cutShort.length === 0) return line;
  const reasons = cutShort.map((hit) =>
    hit.limit === "max_paths" ? t("tests.cutMaxPaths", { max: hit.max }) : hit.limit === "max_runs" ? t("tests.cutMaxRuns", { max: hit.max }) : t("tests.cutMaxDecisions", { max: hit.max }),
  );
  return `${line} ${t("tests.moreExist", { reasons: reasons.join("; ") })}`;
}
