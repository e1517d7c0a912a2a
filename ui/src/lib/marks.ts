// What the app benchmarks (tests/e2e/bench) read from the page, in one place:
// - timing marks: a bench sets `globalThis.__callflowMarks` to an array and reads back
//   [label, ms] pairs to see where a user action's time goes; off (one property read) otherwise;
// - facts: the latest value of a few named figures (when the first boxes were laid out, the last
//   import's and validation's round trips), always kept in `globalThis.__callflowFacts`.
type Marks = Array<[string, number]>;

const page = globalThis as { __callflowMarks?: Marks; __callflowFacts?: Record<string, unknown> };

export function mark(label: string) {
  const marks = page.__callflowMarks;
  if (marks) marks.push([label, performance.now()]);
}

/** Marks `label` now and `<label>-done` once the renders and effects of the current event are
 * done (a timer runs after them; a paint may come first), while a bench is marking. */
export function markUntilSettled(label: string) {
  if (!page.__callflowMarks) return;
  mark(label);
  setTimeout(() => mark(`${label}-done`), 0);
}

/** Records the latest value of a figure a bench reads. */
export function fact(name: "firstBoxesAt" | "importMs" | "validation", value: unknown) {
  (page.__callflowFacts ??= {})[name] = value;
}

/** The value `fact` last recorded under `name`, if any. */
export function factOf(name: "firstBoxesAt" | "importMs" | "validation"): unknown {
  return page.__callflowFacts?.[name];
}
