import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { FlowFile } from "../bindings/FlowFile";
import type { TestCall } from "../bindings/TestCall";
import type { TestReport } from "../engine-bindings/TestReport";
import { mergeDecorations } from "../canvas/decorations";
import { normalize, type Doc } from "../store/ops";
import { translate, type MessageKey, type Params } from "../lib/i18n";
import { coverageLayer, deleteTest, differenceLayer, generatedNotice, handleOfExit, renameTest, replaceGenerated, uniqueTestName } from "./model";

function inbound(): Doc {
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../flows/inbound-support.callflow.json");
  return normalize(JSON.parse(fs.readFileSync(file, "utf8")) as FlowFile);
}

const call = (name: string): TestCall => ({ name, call: {} as TestCall["call"], expect: {} as TestCall["expect"] });

describe("test call edits", () => {
  it("renames keeping names unique and refuses an empty name", () => {
    const doc = inbound();
    const first = doc.tests![0]!.name;
    const second = doc.tests![1]!.name;
    const renamed = renameTest(doc, 0, "  my test ");
    expect(renamed.tests![0]!.name).toBe("my test");
    expect(renamed.tests![1]).toBe(doc.tests![1]);
    expect(renameTest(doc, 0, "   ")).toBe(doc);
    expect(renameTest(doc, 0, first)).toBe(doc);
    expect(renameTest(doc, 0, second).tests![0]!.name).toBe(`${second} (2)`);
    expect(renameTest(doc, 99, "x")).toBe(doc);
  });

  it("deletes one test call", () => {
    const doc = inbound();
    const next = deleteTest(doc, 1);
    expect(next.tests).toHaveLength(doc.tests!.length - 1);
    expect(next.tests![1]).toBe(doc.tests![2]);
    expect(deleteTest(doc, 500)).toBe(doc);
  });

  it("generated tests replace earlier generated ones and keep hand-written ones", () => {
    const doc = { ...inbound(), tests: [call("path 1: ends x"), call("mine"), call("path 2: ends y")] };
    const next = replaceGenerated(doc, [call("path 1: ends z"), call("mine")]);
    expect(next.tests!.map((t) => t.name)).toEqual(["mine", "path 1: ends z", "mine (2)"]);
    expect(uniqueTestName([call("a"), call("a (2)")], "a")).toBe("a (3)");
  });
});

describe("canvas marks", () => {
  it("maps trace exits to canvas handles", () => {
    expect(handleOfExit("key_1")).toBe("exit:key_1");
    expect(handleOfExit("alt_key_9")).toBe("key:9");
    expect(handleOfExit("error")).toBe("error");
  });

  it("coverage marks components never entered and exits never taken, of this document only", () => {
    const doc = inbound();
    const layer = coverageLayer(
      {
        components_total: 3,
        components_covered: 1,
        exits_total: 5,
        exits_covered: 2,
        missing_components: ["holiday_msg", "gone"],
        missing_exits: ["main_menu.key_3", "holiday_msg.next", "gone.next"],
        keys: ["1"],
        missing_keys: ["billing_queue.alt_key_9"],
      },
      doc,
    );
    expect(Object.keys(layer.nodes).sort()).toEqual(["billing_queue", "holiday_msg", "main_menu"]);
    expect(layer.nodes.holiday_msg!.classes).toEqual(["cf-cov-missed"]);
    expect(layer.nodes.holiday_msg!.exits).toEqual({ "exit:next": ["cf-cov-exit-missed"] });
    expect(layer.nodes.main_menu!.classes).toEqual(["cf-cov-partial"]);
    expect(layer.nodes.main_menu!.badge).toBe("1 ○");
    expect(layer.nodes.main_menu!.badgeTitle).toBe("never taken: key_3");
    expect(layer.nodes.main_menu!.exits).toEqual({ "exit:key_3": ["cf-cov-exit-missed"] });
    expect(layer.nodes.billing_queue!.exits).toEqual({ "key:9": ["cf-cov-exit-missed"] });
    const merged = mergeDecorations({ coverage: layer });
    expect(merged.nodes.get("main_menu")!.exits["exit:key_3"]).toBe("cf-cov-exit-missed");
  });

  it("the first difference marks where the paths parted, its exit and edge, expected and actual", () => {
    const doc = inbound();
    const report: TestReport = {
      name: "t",
      passed: false,
      difference: {
        type: "path",
        step: 6,
        expected: { component: "billing_queue", exit: "no_match_found" },
        actual: { component: "tech_queue", exit: "no_match_found" },
      },
      divergence: {
        step: 5,
        expected: { component: "billing_queue", exit: "no_match_found" },
        actual: { component: "tech_queue", exit: "no_match_found" },
        component: "main_menu",
        exit: "key_1",
      },
      path: [],
      end: null,
    };
    const layer = differenceLayer(report, doc, "en")!;
    expect(layer.nodes.main_menu!.classes).toEqual(["cf-diff-at"]);
    expect(layer.nodes.main_menu!.exits).toEqual({ "exit:key_1": ["cf-diff-exit"] });
    expect(layer.nodes.billing_queue!.classes).toEqual(["cf-diff-expected"]);
    expect(layer.nodes.tech_queue!.classes).toEqual(["cf-diff-actual"]);
    expect(layer.edges).toEqual({ "main_menu→exit:key_1": ["cf-diff-edge"] });
    expect(layer.nodes.billing_queue!.badge).toBe("expected");
    expect(differenceLayer({ ...report, divergence: null }, doc, "en")).toBeNull();
    // The badges' title is the difference in words, with the components' names.
    const billing = doc.flow.components.billing_queue!.name;
    expect(layer.nodes.main_menu!.badgeTitle).toBe(`path step 6: expected \`${billing}\` leaving by \`no match found\`, got \`${doc.flow.components.tech_queue!.name}\` leaving by \`no match found\``);
    const czechLayer = differenceLayer(report, doc, "cs")!;
    expect([czechLayer.nodes.billing_queue!.badge, czechLayer.nodes.tech_queue!.badge]).toEqual(["očekáváno", "skutečnost"]);
    const czech = czechLayer.nodes.billing_queue!.badgeTitle!;
    expect(czech).toContain("Krok cesty 6");
    expect(czech).toContain(`„${billing}“ (výstup „shoda nenalezena“)`);
  });
});

describe("stale results", () => {
  it("a run stays current when boxes move, not when the flow, tests or environment change", async () => {
    const { isCurrent } = await import("./runner");
    const { moveComponents, setFlowName } = await import("../store/ops");
    const doc = inbound();
    const ranOn = { flow: doc.flow, tests: doc.tests, environment: doc.environment };
    expect(isCurrent(ranOn, doc)).toBe(true);
    expect(isCurrent(ranOn, moveComponents(doc, { start: { x: 1, y: 2 } }))).toBe(true);
    expect(isCurrent(ranOn, setFlowName(doc, "Other"))).toBe(false);
    expect(isCurrent(ranOn, deleteTest(doc, 0))).toBe(false);
    expect(isCurrent(null, doc)).toBe(false);
  });
});

describe("describeStep", () => {
  it("names a step by its component's name and exit, or says the path ended", async () => {
    const { describeStep } = await import("./model");
    const doc = inbound();
    expect(describeStep(doc.flow.components, { component: "main_menu", exit: "key_1" }, "ends")).toBe("Main menu › key 1");
    expect(describeStep(doc.flow.components, { component: "gone" }, "ends")).toBe("gone");
    expect(describeStep(doc.flow.components, null, "ends")).toBe("ends");
  });
});

describe("generate tests notice", () => {
  const en = (key: MessageKey, params?: Params) => translate("en", key, params);
  it("says when more paths exist than were generated, and which bound stopped it", () => {
    expect(generatedNotice(12, [], en)).toBe("12 generated test calls added (earlier generated ones replaced).");
    expect(generatedNotice(64, [{ limit: "max_paths", max: 64 }], en)).toBe(
      "64 generated test calls added (earlier generated ones replaced). More paths exist: only the first 64 are generated.",
    );
    expect(generatedNotice(40, [{ limit: "max_decisions", max: 24 }, { limit: "max_runs", max: 4096 }], en)).toBe(
      "40 generated test calls added (earlier generated ones replaced). More paths exist: calls past 24 decisions took only the time-outs; the exploration stopped after 4,096 simulated calls.",
    );
    expect(translate("cs", "tests.moreExist", { reasons: "x" })).toContain("x");
  });
});
