import { describe, expect, it } from "vitest";
import { EdgeDecorator, edgeId, merged, mergeDecorations, withLayer } from "../canvas/decorations";
import { useStore } from "../store/store";

describe("canvas decorations", () => {
  it("merges layers in name order and keeps unchanged node objects", () => {
    const first = mergeDecorations({
      debug: { nodes: { a: { classes: ["cf-dbg-current"], exits: { "exit:ok": ["cf-dbg-next"] } }, b: { classes: ["cf-dbg-visited"] } }, edges: { [edgeId("a", "exit:ok")]: ["cf-dbg-path"] } },
      coverage: { nodes: { a: { classes: ["cf-cov-hit"], badge: "3" } }, edges: {} },
    });
    expect(first.nodes.get("a")).toEqual({ className: "cf-cov-hit cf-dbg-current", badge: "3", badgeTitle: undefined, exits: { "exit:ok": "cf-dbg-next" } });
    expect(first.edges.get("a→exit:ok")).toBe("cf-dbg-path");
    // b changes, a does not: a keeps its object (its box does not re-render).
    const second = mergeDecorations(
      {
        debug: { nodes: { a: { classes: ["cf-dbg-current"], exits: { "exit:ok": ["cf-dbg-next"] } }, b: { classes: ["cf-dbg-current"] } }, edges: {} },
        coverage: { nodes: { a: { classes: ["cf-cov-hit"], badge: "3" } }, edges: {} },
      },
      first,
    );
    expect(second.nodes.get("a")).toBe(first.nodes.get("a"));
    expect(second.nodes.get("b")).not.toBe(first.nodes.get("b"));
    expect(second.edges.size).toBe(0);
  });

  it("removes a layer with null and publishes through the store", () => {
    useStore.getState().setDecorations("debug", { nodes: { x: { classes: ["k"] } }, edges: {} });
    expect(merged(useStore.getState().decorations).nodes.get("x")?.className).toBe("k");
    const before = useStore.getState().decorations;
    useStore.getState().setDecorations("nothing", null);
    expect(useStore.getState().decorations).toBe(before);
    useStore.getState().setDecorations("debug", null);
    expect(merged(useStore.getState().decorations).nodes.size).toBe(0);
    expect(withLayer({}, "a", null)).toEqual({});
  });

  it("adds edge classes and keeps undecorated edges and unchanged copies", () => {
    const deco = new EdgeDecorator<{ id: string; className?: string }>();
    const edges = [{ id: "a→exit:ok", className: "cf-edge-exit" }, { id: "b→error", className: "cf-edge-error" }];
    const out = deco.apply(edges, new Map([["a→exit:ok", "cf-dbg-path"]]));
    expect(out[0]!.className).toBe("cf-edge-exit cf-dbg-path");
    expect(out[1]).toBe(edges[1]);
    const again = deco.apply(edges, new Map([["a→exit:ok", "cf-dbg-path"]]));
    expect(again[0]).toBe(out[0]);
    expect(deco.apply(edges, new Map())).toBe(edges);
  });
});
