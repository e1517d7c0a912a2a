// The patches in `ui/patches/` (see its README) are in the React Flow the UI builds with: `npm ci`
// runs patch-package after installing, and a patch that no longer applies fails the install, but
// an install that skipped scripts (`--ignore-scripts`) would leave the drag's garbage back unseen.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// `require` resolves to the UMD build in `dist/umd`; the app and Vitest load the ES modules.
const dist = (pkg: string) => path.resolve(path.dirname(require.resolve(pkg)), "../esm");
const builds = (pkg: string) => ["index.js", "index.mjs"].map((f) => fs.readFileSync(path.join(dist(pkg), f), "utf8"));

describe("the patched React Flow", () => {
  it("keeps an unmoved edge's and node's selection, and mounts the selection listener only for a listener", () => {
    for (const code of builds("@xyflow/react")) {
      expect(code).toContain("last.sourceNode === sourceNode");
      expect(code).toContain("lastNode.current = {");
      expect(code).toContain("s.onSelectionChangeHandlers.length > 0");
    }
  });

  it("adopts an unchanged list of nodes in place", () => {
    for (const code of builds("@xyflow/system")) expect(code).toContain("return adoptInPlace(nodes, nodeLookup, _options);");
  });
});
