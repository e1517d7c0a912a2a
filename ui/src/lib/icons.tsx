// Small line icons drawn as inline SVG in the text's colour. Icons are not font symbols: on a
// machine without an emoji font (Debian's default desktop fonts) the wastebasket (U+1F5D1) and
// the two joined squares (U+29C9) showed as empty boxes; `src/test/glyphs.test.ts` keeps the UI
// to symbols such fonts draw.
import { memo } from "react";

const PATHS = {
  /** Rename. */
  pencil: "M3 13l1-3.5L11 2.5l2.5 2.5-7 7L3 13z M9.5 4l2.5 2.5",
  /** Duplicate: two overlapping sheets. */
  copy: "M5.5 5.5h7.5v7.5h-7.5z M3 10.5V3h7.5",
  /** Delete: a bin with a lid. */
  trash: "M2.5 4h11 M6 4V2.5h4V4 M4 4l.8 9.5h6.4L12 4 M6.8 6.5v5 M9.2 6.5v5",
} as const;

export type IconName = keyof typeof PATHS;

/** An icon `name`, 1em square, for a button that carries its own label (`aria-label`). */
export const Icon = memo(function Icon({ name }: { name: IconName }) {
  return (
    <svg className="cf-icon" viewBox="0 0 16 16" width="1em" height="1em" aria-hidden="true" focusable="false" data-icon={name}>
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
});
