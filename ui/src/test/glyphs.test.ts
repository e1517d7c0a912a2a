// Symbols the UI writes (arrows, bullets, triangles…) must be ones the fonts of a plain Linux
// desktop draw: a symbol missing from DejaVu Sans shows as an empty box on Debian without emoji
// fonts (the library's duplicate and delete buttons did). Icons that no such font has are SVG
// (`lib/icons.tsx`). To allow a new symbol, check that `fc-list ':charset=<hex code>'` lists
// a DejaVu font (Sans, or Serif as the fallback: ⤺ and ⤼ are only there), then add it here.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DRAWABLE = new Set("§·×–—“”„…›→↶↷∞≠■▲▴▶▸▾○●❚✓✗⟲⟶⤺⤼");

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "test" ? [] : sources(file);
    return /\.(tsx?|css)$/.test(e.name) && !e.name.includes(".test.") ? [file] : [];
  });
}

describe("symbols in the UI", () => {
  it("are all drawable with the desktop's fonts", () => {
    const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
    const files = sources(root);
    expect(files.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const file of files) {
      for (const ch of fs.readFileSync(file, "utf8")) {
        // Letters and their accents (Czech messages) are in every font; symbols may not be.
        if (ch.codePointAt(0)! > 0x7f && !/[\p{L}\p{M}\s]/u.test(ch) && !DRAWABLE.has(ch)) {
          found.push(`${path.relative(root, file)}: ${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()})`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
