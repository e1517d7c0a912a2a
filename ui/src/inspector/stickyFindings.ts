// The selected component's findings in the inspector, kept in place while it stays selected: a
// finding the last edit fixed stays as a struck-through "fixed" line until the selection changes,
// so that the exits and settings below do not jump up under the pointer (connect one exit, move to
// the next) and the designer sees what the edit fixed. New findings are added at the end.
import { useRef } from "react";
import type { Diagnostic } from "../store-bindings/Diagnostic";

export interface ShownFinding {
  d: Diagnostic;
  fixed: boolean;
}

/** What a finding is about, whatever its words: the same finding after an edit has the same key. */
export function findingKey(d: Diagnostic): string {
  return `${d.code}|${d.component ?? ""}|${d.exit ?? ""}|${d.path ?? ""}`;
}

/** `shown` updated to `current`: the findings still present take their new words, those gone are
 * marked fixed in place, and those new are appended. */
export function mergeFindings(shown: readonly ShownFinding[], current: readonly Diagnostic[]): ShownFinding[] {
  const byKey = new Map<string, Diagnostic>();
  for (const d of current) if (!byKey.has(findingKey(d))) byKey.set(findingKey(d), d);
  const out: ShownFinding[] = [];
  for (const s of shown) {
    const key = findingKey(s.d);
    const now = byKey.get(key);
    out.push(now ? { d: now, fixed: false } : { d: s.d, fixed: true });
    byKey.delete(key);
  }
  for (const d of byKey.values()) out.push({ d, fixed: false });
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
