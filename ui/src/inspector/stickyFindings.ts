// The selected component's findings in the inspector, kept in place while it stays selected: a
// finding the last edit fixed stays as a struck-through "fixed" line until the selection changes,
// so that the exits and settings below do not jump up under the pointer (connect one exit, move to
// the next) and the designer sees what the edit fixed. New findings are added at the end.
import { useRef } from "react";
import type { Diagnostic } from "../store-bindings/Diagnostic";

export interface ShownFinding {
  /** What the finding is about ([`findingKey`]), with its place among findings about the same. */
  key: string;
  d: Diagnostic;
  fixed: boolean;
}

/** What a finding is about, whatever its words: the same finding after an edit has the same key. */
export function findingKey(d: Diagnostic): string {
  return `${d.code}|${d.component ?? ""}|${d.exit ?? ""}|${d.path ?? ""}`;
}

/** `shown` updated to `current`: the findings still present take their new words, those gone are
 * marked fixed in place, and those new are appended. Several findings about the same thing (two
 * undeclared names in one expression) are told apart by their order. */
export function mergeFindings(shown: readonly ShownFinding[], current: readonly Diagnostic[]): ShownFinding[] {
  const byKey = new Map<string, Diagnostic>();
  const seen = new Map<string, number>();
  for (const d of current) {
    const base = findingKey(d);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    byKey.set(`${base}#${n}`, d);
  }
  const out: ShownFinding[] = [];
  for (const s of shown) {
    const now = byKey.get(s.key);
    out.push(now ? { key: s.key, d: now, fixed: false } : { ...s, fixed: true });
    byKey.delete(s.key);
  }
  for (const [key, d] of byKey) out.push({ key, d, fixed: false });
  return out;
}

/** [`mergeFindings`] across renders, starting afresh when `owner` (the selected component) changes. */
export function useStickyFindings(owner: string, current: readonly Diagnostic[]): ShownFinding[] {
  const state = useRef<{ owner: string; current: readonly Diagnostic[] | null; shown: ShownFinding[] }>({ owner, current: null, shown: [] });
  const s = state.current;
  if (s.owner !== owner) {
    s.owner = owner;
    s.current = null;
    s.shown = [];
  }
  if (s.current !== current) {
    s.shown = mergeFindings(s.shown, current);
    s.current = current;
  }
  return s.shown;
}
