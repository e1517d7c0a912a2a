import { describe, expect, it } from "vitest";
import { mergeFindings } from "../inspector/stickyFindings";
import type { Diagnostic } from "../store-bindings/Diagnostic";

const finding = (code: string, exit: string, message = `${code} on ${exit}`): Diagnostic => ({
  code,
  severity: "error",
  component: "menu",
  exit,
  message,
  hint: "",
});

describe("the inspector's findings stay in place while the component is selected", () => {
  it("marks a fixed finding in place, keeps the order, and appends new ones", () => {
    const open = finding("CF0106", "open");
    const closed = finding("CF0106", "closed");
    let shown = mergeFindings([], [open, closed]);
    expect(shown.map((s) => [s.d.exit, s.fixed])).toEqual([["open", false], ["closed", false]]);
    // Connecting `open` fixes the first: it stays first, marked fixed, so `closed` does not move.
    shown = mergeFindings(shown, [closed]);
    expect(shown.map((s) => [s.d.exit, s.fixed])).toEqual([["open", true], ["closed", false]]);
    // A new finding goes last; a finding whose words change keeps its place with the new words.
    const unknown = finding("CF0108", "typo");
    shown = mergeFindings(shown, [unknown, finding("CF0106", "closed", "new words")]);
    expect(shown.map((s) => [s.d.code, s.d.exit, s.fixed, s.d.message])).toEqual([
      ["CF0106", "open", true, "CF0106 on open"],
      ["CF0106", "closed", false, "new words"],
      ["CF0108", "typo", false, "CF0108 on typo"],
    ]);
    // Undo brings the fixed finding back where it was.
    shown = mergeFindings(shown, [open, closed, unknown]);
    expect(shown.every((s) => !s.fixed)).toBe(true);
    expect(shown.map((s) => s.d.exit)).toEqual(["open", "closed", "typo"]);
  });

  it("keeps two findings about the same thing apart, by their order", () => {
    const first = finding("CF0602", "vip", "reads `a`");
    const second = finding("CF0602", "vip", "reads `b`");
    let shown = mergeFindings([], [first, second]);
    expect(shown.map((s) => s.d.message)).toEqual(["reads `a`", "reads `b`"]);
    shown = mergeFindings(shown, [first]);
    expect(shown.map((s) => [s.d.message, s.fixed])).toEqual([["reads `a`", false], ["reads `b`", true]]);
  });

  it("merging the same findings again changes nothing", () => {
    const list = [finding("CF0106", "open"), finding("CF0107", "holiday")];
    const once = mergeFindings([], list);
    expect(mergeFindings(once, list)).toEqual(once);
  });
});
