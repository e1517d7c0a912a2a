// The first difference of a failed test call in the UI's language. The engine sends it as data
// (`Difference`); its English wording here is the engine's own (`impl Display for Difference` in
// crates/engine/src/testing.rs, which the command line and the exported reports print), except
// that components are shown by their names and exits as `exitLabel` shows them.
import type { PathStep } from "../bindings/PathStep";
import type { Difference } from "../engine-bindings/Difference";
import { exitLabel, translate } from "../lib/i18n";
import type { Lang } from "../store/store";

/** A component's display name from its id (the id itself when the flow has no such component). */
export type ComponentName = (id: string) => string;

/** A JSON value as compact JSON (`{"type":"HANGUP"}`, `"gold"`, `3`), as the engine writes it. */
function json(value: unknown): string {
  return JSON.stringify(value) ?? "null";
}

/** A path step: its component's name and the exit it left by (or that the path ends). */
function stepText(lang: Lang, step: PathStep | null, componentName: ComponentName): string {
  if (!step) return translate(lang, "tests.diff.pathEnds");
  const component = componentName(step.component);
  if (!step.exit) return translate(lang, "tests.diff.stepNoExit", { component });
  return translate(lang, "tests.diff.step", { component, exit: exitLabel(step.exit, lang) });
}

/** `difference` in words, in `lang`. */
export function differenceText(lang: Lang, difference: Difference, componentName: ComponentName = (id) => id): string {
  switch (difference.type) {
    case "path":
      return translate(lang, "tests.diff.path", {
        step: difference.step,
        expected: stepText(lang, difference.expected, componentName),
        actual: stepText(lang, difference.actual, componentName),
      });
    case "end":
      return difference.actual === null
        ? translate(lang, "tests.diff.endRunning", { expected: difference.expected })
        : translate(lang, "tests.diff.end", { expected: difference.expected, actual: difference.actual });
    case "event":
      return translate(lang, "tests.diff.event", { index: difference.index, event: json(difference.event), after: difference.after_previous ? "yes" : "no" });
    case "variable":
      // Left out when there is no such variable (a variable can hold `null`).
      return difference.actual === undefined
        ? translate(lang, "tests.diff.variableMissing", { name: difference.name, expected: json(difference.expected) })
        : translate(lang, "tests.diff.variable", { name: difference.name, expected: json(difference.expected), actual: json(difference.actual) });
    case "cannot_run":
      return translate(lang, "tests.diff.cannotRun", { message: difference.message });
  }
}
