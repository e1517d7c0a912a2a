// Where the canvas's view goes: the zoom a flow opens at and the smallest pan that reveals a box.
// Pure functions of the viewport (x, y, zoom: screen = flow * zoom + x), unit-tested.

/** A flow is opened at this zoom at least, so a newcomer can read the boxes; when the whole flow
 * does not fit at it, the view starts at the entry component (the minimap shows the rest). */
export const READABLE_ZOOM = 0.75;

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** A rectangle in flow coordinates: top left and size. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far from the view's left and top/bottom edges an opened flow starts (px). */
const OPEN_MARGIN = 40;

/**
 * The view a flow too large to fit at `zoom` opens at: its entry (`anchor`) near the left edge and
 * centred vertically, but never further than the flow reaches: the flow's top and bottom stay
 * within a margin of the view's (a flow that fits in height is centred in it), so the view does
 * not start on empty space above or below the boxes. What lies left of the entry (a note) is
 * shown too, as long as the entry stays in the left half of the view.
 */
export function openingViewport(flow: Bounds, anchor: { x: number; y: number; h: number }, view: { width: number; height: number }, zoom: number): Viewport {
  const left = (anchor.x - flow.x) * zoom < view.width / 2 ? flow.x : anchor.x;
  const x = OPEN_MARGIN - left * zoom;
  const tall = flow.height * zoom + 2 * OPEN_MARGIN > view.height;
  if (!tall) return { x, y: (view.height - flow.height * zoom) / 2 - flow.y * zoom, zoom };
  const centred = view.height / 2 - (anchor.y + anchor.h / 2) * zoom;
  const topAtTop = OPEN_MARGIN - flow.y * zoom;
  const bottomAtBottom = view.height - OPEN_MARGIN - (flow.y + flow.height) * zoom;
  return { x, y: Math.min(topAtTop, Math.max(bottomAtBottom, centred)), zoom };
}

/** How far inside the edges of the view a revealed box is kept (px, at most this share of the view). */
const REVEAL_MARGIN = 60;
const REVEAL_MARGIN_SHARE = 0.15;

/** A rectangle on screen, relative to the canvas's top left (px). */
export interface ScreenRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: ScreenRect, b: ScreenRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * The viewport that shows `box` (flow coordinates) with the smallest pan, or null when it is
 * already in view. Each axis moves only as far as needed to bring the box inside the view less a
 * margin; a box larger than the view is aligned to its top left. `covers` are what floats over
 * the canvas (the overview, the zoom buttons): a box under one is moved clear of it, left or up,
 * whichever is the shorter way. When the view is zoomed out below READABLE_ZOOM, an out-of-view
 * box is centred at zoom 0.9 instead (it is to be read).
 */
export function revealViewport(
  view: Viewport,
  size: { width: number; height: number },
  box: { x: number; y: number; width: number; height: number },
  covers: ScreenRect[] = [],
): Viewport | null {
  const { zoom } = view;
  const at = (v: Viewport): ScreenRect => {
    const left = box.x * v.zoom + v.x;
    const top = box.y * v.zoom + v.y;
    return { left, top, right: left + box.width * v.zoom, bottom: top + box.height * v.zoom };
  };
  const shown = (r: ScreenRect) => r.left >= 0 && r.top >= 0 && r.right <= size.width && r.bottom <= size.height && !covers.some((c) => overlaps(r, c));
  if (shown(at(view))) return null;
  if (zoom < READABLE_ZOOM) {
    const z = 0.9;
    return { x: size.width / 2 - (box.x + box.width / 2) * z, y: size.height / 2 - (box.y + box.height / 2) * z, zoom: z };
  }
  const shift = (start: number, end: number, extent: number, margin: number) => {
    if (start >= 0 && end <= extent) return 0;
    if (end - start > extent - 2 * margin) return margin - start; // too big: align its start
    if (start < 0) return margin - start;
    if (end > extent) return extent - margin - end;
    return 0;
  };
  const r = at(view);
  const mx = Math.min(REVEAL_MARGIN, size.width * REVEAL_MARGIN_SHARE);
  const my = Math.min(REVEAL_MARGIN, size.height * REVEAL_MARGIN_SHARE);
  let next = { x: view.x + shift(r.left, r.right, size.width, mx), y: view.y + shift(r.top, r.bottom, size.height, my), zoom };
  for (const c of covers) {
    const moved = at(next);
    if (!overlaps(moved, c)) continue;
    // Clear of the cover to its left or above it, if the box still fits in the view that way.
    const left = c.left - mx / 2 - moved.right;
    const up = c.top - my / 2 - moved.bottom;
    const leftFits = moved.left + left >= 0;
    const upFits = moved.top + up >= 0;
    if (leftFits && (!upFits || -left <= -up)) next = { ...next, x: next.x + left };
    else if (upFits) next = { ...next, y: next.y + up };
  }
  return next;
}

/** A rectangle in flow coordinates. */
export interface FlowRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The part of the flow a viewport shows on a canvas of `size` (px). */
export function viewRect(view: Viewport, size: { width: number; height: number }): FlowRect {
  return { x: -view.x / view.zoom, y: -view.y / view.zoom, w: size.width / view.zoom, h: size.height / view.zoom };
}

/** `rect` grown on every side by `share` of its longer side (a short, wide canvas still gets
 * as much room above and below as on its sides). */
export function grow(rect: FlowRect, share: number): FlowRect {
  const d = Math.max(rect.w, rect.h) * share;
  return { x: rect.x - d, y: rect.y - d, w: rect.w + 2 * d, h: rect.h + 2 * d };
}

function containsRect(outer: FlowRect, inner: FlowRect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export function intersects(a: FlowRect, b: FlowRect): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * How much of a large flow is kept drawn around the view (a share of the view's longer side on
 * each side, see `grow`). Moving the view within it draws no new box: a short drag of the canvas
 * costs a repaint only, and the boxes around the new view are drawn afterwards (see
 * `recentring`). Every box drawn costs each frame of a drag (React Flow's per-node work) and
 * memory, so while editing the margin is small: 0.4 drew 25 boxes in the 1,000-component bench
 * flow where 1 drew 63, a drag's script per move went from 5-6 to 3 ms and the memory with the
 * flow open from 312-332 to 296-300 MB in most runs (BENCHMARKS.md, App).
 */
export const DRAWN_MARGIN = 0.4;

/**
 * The margin while the view follows something that jumps from box to box (the debugger's steps,
 * `reveal`): most steps then pan within it and draw nothing new, where the editing margin made a
 * step that panned draw boxes at once (step p95 59-73 ms against 17-20 ms with this margin).
 */
export const FOLLOWING_MARGIN = 1;

/** How long after the last `reveal` the view counts as following (ms). */
export const FOLLOWING_FOR_MS = 15000;

/**
 * When the drawn region, centred on `centre` (the view when it was last recentred) with `margin`
 * around it, must be recentred on the view now in `view`: `now` when the view has left it (boxes
 * would be missing on screen), `later` (once the view has settled) when the view has used up half
 * the margin on some side, else `no`: small moves, such as most debugger steps, draw nothing new.
 */
export function recentring(centre: FlowRect | null, view: FlowRect, margin = DRAWN_MARGIN): "now" | "later" | "no" {
  if (!centre || !containsRect(grow(centre, margin), view)) return "now";
  return containsRect(grow(centre, margin / 2), view) ? "no" : "later";
}
