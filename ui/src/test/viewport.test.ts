import { describe, expect, it } from "vitest";
import { DRAWN_MARGIN, FOLLOWING_MARGIN, grow, intersects, openingViewport, recentring, revealViewport, viewRect } from "../canvas/viewport";

const size = { width: 1000, height: 400 };
const box = (x: number, y: number) => ({ x, y, width: 200, height: 100 });
/** Where the box lands on screen in a viewport. */
const onScreen = (v: { x: number; y: number; zoom: number }, b: ReturnType<typeof box>) => ({
  left: b.x * v.zoom + v.x,
  top: b.y * v.zoom + v.y,
  right: (b.x + b.width) * v.zoom + v.x,
  bottom: (b.y + b.height) * v.zoom + v.y,
});

describe("revealViewport", () => {
  it("leaves the view alone when the box is in it, whatever the zoom", () => {
    expect(revealViewport({ x: 0, y: 0, zoom: 1 }, size, box(100, 100))).toBeNull();
    expect(revealViewport({ x: 0, y: 0, zoom: 0.3 }, size, box(100, 100))).toBeNull();
  });

  it("pans only as far as needed, on the axis that needs it, keeping a margin", () => {
    const view = { x: 0, y: 0, zoom: 1 };
    const right = revealViewport(view, size, box(1100, 100))!;
    expect(right.zoom).toBe(1);
    expect(right.y).toBe(0);
    expect(onScreen(right, box(1100, 100)).right).toBe(1000 - 60);
    const up = revealViewport(view, size, box(300, -250))!;
    expect(up.x).toBe(0);
    expect(onScreen(up, box(300, -250)).top).toBe(Math.min(60, 400 * 0.15));
  });

  it("aligns a box larger than the view to its top left", () => {
    const big = { x: 0, y: 500, width: 300, height: 1000 };
    const v = revealViewport({ x: 0, y: 0, zoom: 1 }, size, big)!;
    expect(onScreen(v, { ...big }).top).toBe(60);
  });

  it("centres a box out of view at a readable zoom when zoomed far out", () => {
    const v = revealViewport({ x: 0, y: 0, zoom: 0.3 }, size, box(5000, 100))!;
    expect(v.zoom).toBe(0.9);
    const s = onScreen(v, box(5000, 100));
    expect((s.left + s.right) / 2).toBeCloseTo(500);
    expect((s.top + s.bottom) / 2).toBeCloseTo(200);
  });
});

describe("revealViewport with covers", () => {
  const overview = { left: 800, top: 280, right: 985, bottom: 385 };

  it("moves a box in view but under the overview clear of it, the shorter way", () => {
    // Under the overview's top part: moving it up is shorter than moving it left.
    const b = box(700, 240);
    const v = revealViewport({ x: 0, y: 0, zoom: 1 }, size, b, [overview])!;
    const s = onScreen(v, b);
    expect(v.x).toBe(0);
    expect(s.bottom).toBeLessThanOrEqual(overview.top);
    expect(s.top).toBeGreaterThanOrEqual(0);
  });

  it("moves it left when it does not fit above", () => {
    const tall = { x: 820, y: 20, width: 150, height: 330 };
    const v = revealViewport({ x: 0, y: 0, zoom: 1 }, size, tall, [overview])!;
    const s = onScreen(v, tall);
    expect(s.right).toBeLessThanOrEqual(overview.left);
    expect(v.y).toBe(0);
  });

  it("leaves a box that no cover hides", () => {
    expect(revealViewport({ x: 0, y: 0, zoom: 1 }, size, box(100, 100), [overview])).toBeNull();
  });
});

describe("what a large flow keeps drawn around the view", () => {
  const view = viewRect({ x: -100, y: -50, zoom: 0.5 }, { width: 800, height: 400 });

  it("reads the part of the flow a viewport shows", () => {
    expect(view).toEqual({ x: 200, y: 100, w: 1600, h: 800 });
  });

  it("grows by a share of the longer side on every side", () => {
    expect(grow(view, 1)).toEqual({ x: -1400, y: -1500, w: 4800, h: 4000 });
    expect(intersects(grow(view, 1), { x: -1500, y: 0, w: 120, h: 80 })).toBe(true);
    expect(intersects(grow(view, 1), { x: -1700, y: 0, w: 120, h: 80 })).toBe(false);
  });

  it("recentres at once only when the view has left the drawn region", () => {
    const moved = (dx: number, dy: number) => ({ ...view, x: view.x + dx, y: view.y + dy });
    const following = (v: typeof view) => recentring(view, v, FOLLOWING_MARGIN);
    expect(FOLLOWING_MARGIN).toBe(1);
    expect(recentring(null, view, FOLLOWING_MARGIN)).toBe("now");
    expect(following(view)).toBe("no");
    // Within half the margin (800 flow px here): nothing to draw.
    expect(following(moved(700, 0))).toBe("no");
    // Past half the margin but still inside: drawn once the move is painted.
    expect(following(moved(900, -900))).toBe("later");
    // Outside: boxes would be missing on screen.
    expect(following(moved(1700, 0))).toBe("now");
    // Zoomed out (the view grows past the drawn region) also draws at once.
    expect(following(grow(view, 1.2))).toBe("now");
  });

  it("keeps less drawn while editing than while following steps", () => {
    const moved = (dx: number) => ({ ...view, x: view.x + dx });
    expect(DRAWN_MARGIN).toBeLessThan(FOLLOWING_MARGIN);
    // The editing margin, 0.4 of 1,600: 640 px, half of it 320.
    expect(recentring(view, moved(300))).toBe("no");
    expect(recentring(view, moved(400))).toBe("later");
    expect(recentring(view, moved(700))).toBe("now");
    expect(recentring(view, moved(700), FOLLOWING_MARGIN)).toBe("no");
  });
});

describe("the view a large flow opens at", () => {
  const view = { width: 700, height: 700 };
  // The inbound support sample: 16 boxes over 2,320 x 1,010, the entry at the top left.
  const flow = { x: 80, y: 80, width: 2320, height: 1010 };
  const entry = { x: 80, y: 80, h: 70 };

  it("starts at the entry and, when the entry is at the flow's top, shows the flow from its top", () => {
    const v = openingViewport(flow, entry, view, 0.75);
    expect(v.x).toBe(40 - 80 * 0.75);
    // Centring the entry would leave 300 px of empty canvas above the boxes.
    expect(80 * 0.75 + v.y).toBe(40);
  });

  it("shows a note left of the entry, unless that would push the entry out of the left half", () => {
    const withNote = { ...flow, x: -100, width: 2500 };
    expect(openingViewport(withNote, entry, view, 0.75).x).toBe(40 + 100 * 0.75);
    const farNote = { ...flow, x: -1000, width: 3400 };
    expect(openingViewport(farNote, entry, view, 0.75).x).toBe(40 - 80 * 0.75);
  });

  it("centres an entry in the middle of a tall flow", () => {
    const middle = { x: 80, y: 600, h: 70 };
    const v = openingViewport(flow, middle, view, 0.75);
    expect((600 + 35) * 0.75 + v.y).toBe(350);
  });

  it("keeps the flow's bottom at the view's bottom for an entry near the bottom", () => {
    const low = { x: 80, y: 1020, h: 70 };
    const v = openingViewport(flow, low, view, 0.75);
    expect((80 + 1010) * 0.75 + v.y).toBe(700 - 40);
  });

  it("centres a flow that fits in height (only its width is too large)", () => {
    const wide = { x: 0, y: 100, width: 3000, height: 400 };
    const v = openingViewport(wide, { x: 0, y: 100, h: 70 }, view, 0.75);
    expect(100 * 0.75 + v.y).toBe((700 - 400 * 0.75) / 2);
  });
});
