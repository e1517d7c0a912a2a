import { describe, expect, it } from "vitest";
import { NodeCache, estimateNode } from "../canvas/model";
import type { CatalogEntry } from "../bindings/CatalogEntry";
import type { ComponentKind } from "../bindings/ComponentKind";
import { loadCatalog, sampleDoc } from "./fixtures";
import * as ops from "../store/ops";

const catalog = loadCatalog();
const kinds: Partial<Record<ComponentKind, CatalogEntry>> = {};
for (const e of catalog) kinds[e.kind] = e;

describe("canvas nodes of large flows", () => {
  it("estimates the box and every handle of a component never drawn", () => {
    const entry = kinds.assignment_dial!;
    const est = estimateNode(entry.exits, entry);
    const ids = est.handles.map((h) => h.id);
    expect(ids).toContain("in");
    for (const e of entry.exits.filter((x) => x.connectable)) expect(ids).toContain(`exit:${e.name}`);
    expect(ids).toContain("error");
    expect(ids.filter((id) => id?.startsWith("key:"))).toHaveLength(12);
    expect(est.width).toBe(240);
    // Exits are drawn top to bottom in order; every handle lies on the box.
    for (const h of est.handles) {
      expect(h.x).toBeGreaterThanOrEqual(-6);
      expect(h.x).toBeLessThanOrEqual(est.width);
      expect(h.y).toBeGreaterThanOrEqual(0);
      expect(h.y).toBeLessThanOrEqual(est.height);
    }
    // The start component has no input.
    expect(estimateNode(kinds.start!.exits, kinds.start!).handles.map((h) => h.id)).not.toContain("in");
  });

  it("gives estimates only to boxes not measured yet, and only when asked", () => {
    const doc = sampleDoc();
    const base = { doc, kinds, exits: undefined, problems: new Map(), selection: new Set<string>(), lang: "en" as const, kindText: (k: ComponentKind) => k };
    const measured = new Map([["menu", { width: 240, height: 120 }]]);
    const plain = new NodeCache().build({ ...base, measured });
    expect(plain.every((n) => n.handles === undefined)).toBe(true);
    const cache = new NodeCache();
    const big = cache.build({ ...base, measured, estimate: true });
    const byId = new Map(big.map((n) => [n.id, n]));
    expect(byId.get("menu")!.handles).toBeUndefined();
    expect(byId.get("menu")!.measured).toEqual({ width: 240, height: 120 });
    expect(byId.get("queue")!.handles!.length).toBeGreaterThan(12);
    expect(byId.get("queue")!.initialHeight).toBeGreaterThan(60);
    // Once measured, the estimate goes (React Flow then uses the real handle positions).
    measured.set("queue", { width: 240, height: 160 });
    const again = cache.build({ ...base, measured, measuredVersion: 1, estimate: true });
    const queue = again.find((n) => n.id === "queue")!;
    expect(queue.handles).toBeUndefined();
    expect(queue.measured).toEqual({ width: 240, height: 160 });
  });

  it("a drag frame rebuilds only the dragged boxes", () => {
    const doc = sampleDoc();
    const base = { doc, kinds, exits: undefined, problems: new Map(), selection: new Set<string>(), measured: new Map(), lang: "en" as const, kindText: (k: ComponentKind) => k };
    const cache = new NodeCache();
    const first = cache.build(base);
    const moved = cache.build({ ...base, overlay: { menu: { x: 7, y: 8 } } });
    expect(moved).not.toBe(first);
    for (let i = 0; i < first.length; i++) {
      if (first[i]!.id === "menu") expect(moved[i]!.position).toEqual({ x: 7, y: 8 });
      else expect(moved[i]).toBe(first[i]);
    }
    // The drag ends: the document has the position, the overlay is gone, nothing else changes.
    const after = ops.normalize({ ...doc, layout: { ...doc.layout, components: { ...doc.layout.components, menu: { x: 7, y: 8 } } } });
    const done = cache.build({ ...base, doc: { ...after, flow: doc.flow } });
    expect(done.find((n) => n.id === "menu")!.position).toEqual({ x: 7, y: 8 });
    expect(done.find((n) => n.id === "start")).toBe(first.find((n) => n.id === "start"));
  });
});
