import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Flow } from "../bindings/Flow";
import type { FlowFile } from "../bindings/FlowFile";
import { refusal } from "../test/fixtures";
import { defaultRecords, formatInputs, formatKeys, formatLegs, nextRecordId, parseInputs, parseKeys, parseLegs, recordsCsv } from "./records";

function otpFlow(): Flow {
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../flows/otp-campaign.callflow.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { flow: Flow }).flow;
}

describe("campaign records", () => {
  it("legs and keys round-trip through their text forms", () => {
    expect(parseLegs(formatLegs([true, false]))).toEqual([true, false]);
    expect(parseLegs("")).toEqual([]);
    expect(refusal(parseLegs("maybe"))).toBe("`maybe` is not `answered` or `no_answer`");
    expect(refusal(parseLegs("maybe"), "cs")).toBe("`maybe` není `answered` ani `no_answer`");
    expect(parseKeys(formatKeys({ expected_otp: "1234", tel2: "+420" }))).toEqual({ expected_otp: "1234", tel2: "+420" });
    expect(refusal(parseKeys("novalue"))).toBe("`novalue`: write `name=value`");
    // A record key named `error` is a key, not a refusal.
    expect(refusal(parseKeys("error=1"))).toBeNull();
  });

  it("the CSV form has the header the dialer reads and one line per record", () => {
    const records = defaultRecords();
    records[0]!.keys = { expected_otp: "1234" };
    const csv = recordsCsv(records).trim().split("\n");
    expect(csv[0]).toBe("id,phone,start_minute,agent,customer,expected_otp");
    expect(csv[2]).toBe("r2,+420601000002,0,no_answer,,");
    expect(csv).toHaveLength(4);
    expect(nextRecordId(records)).toBe("r4");
  });
});

describe("customer answers at prompts", () => {
  it("round-trip through their text form, and bad answers are refused", () => {
    const inputs = { otp: ["111111", "$expected_otp"], menu: ["hangup"] };
    expect(parseInputs(formatInputs(inputs))).toEqual(inputs);
    expect(formatInputs(inputs)).toBe("otp=111111; $expected_otp, menu=hangup");
    expect(parseInputs("")).toEqual({});
    expect(refusal(parseInputs("otp=12x"))).toBe("`12x` is not keys (0-9 * #), `$<record key>`, `silence` or `hangup`");
    expect(refusal(parseInputs("otp=12x"), "cs")).toBe("`12x` nejsou klávesy (0-9 * #), `$<klíč záznamu>`, `silence` ani `hangup`");
    expect(refusal(parseInputs("123456"))).toBe("`123456`: write `component=answer; answer`");
  });

  it("the OTP sample's default records carry the right code, and the third customer types a wrong one", () => {
    const records = defaultRecords(otpFlow());
    expect(records.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(records.every((r) => r.keys.expected_otp === "123456")).toBe(true);
    expect(records[2]!.customer).toEqual([false]);
    expect(records[2]!.inputs).toEqual({ otp: ["000000"] });
    const csv = recordsCsv(records).trim().split("\n");
    expect(csv[0]).toBe("id,phone,start_minute,agent,customer,expected_otp,input:otp");
    expect(csv[3]).toBe("r3,+420601000003,5,,no_answer,123456,000000");
    // A flow without digit collection keeps the plain records.
    const plain = defaultRecords();
    expect(plain.every((r) => Object.keys(r.keys).length === 0 && Object.keys(r.inputs).length === 0)).toBe(true);
    expect(plain[2]!.customer).toEqual([false, false]);
  });
});

describe("records saved with the flow", () => {
  it("every change is a step of the document's undo, and a reloaded file keeps the records", async () => {
    const { recordsOf, setRecords } = await import("./CampaignPanel");
    const { useStore } = await import("../store/store");
    const file = JSON.parse(fs.readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../flows/otp-campaign.callflow.json"), "utf8")) as FlowFile;
    const store = useStore.getState();
    store.load(file, null);
    const defaults = recordsOf(useStore.getState().doc);
    expect(defaults.map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(useStore.getState().doc!.campaign).toBeUndefined();

    setRecords(defaults.slice(0, 1));
    setRecords([...defaults.slice(0, 1), { ...defaults[1]!, id: "x2" }]);
    expect(recordsOf(useStore.getState().doc).map((r) => r.id)).toEqual(["r1", "x2"]);
    expect(useStore.getState().past).toHaveLength(2);
    store.undo();
    expect(recordsOf(useStore.getState().doc).map((r) => r.id)).toEqual(["r1"]);
    store.undo();
    expect(useStore.getState().doc!.campaign).toBeUndefined();
    expect(recordsOf(useStore.getState().doc)).toEqual(defaults);
    store.redo();
    store.redo();
    const saved = useStore.getState().doc!.campaign!;
    expect(saved.map((r) => r.id)).toEqual(["r1", "x2"]);

    // The document as saved (the Rust writer keeps `campaign`) opens with the same records.
    store.load({ ...file, campaign: saved }, null);
    expect(recordsOf(useStore.getState().doc)).toEqual(saved);
    // Removing every record shows the defaults again (an empty list is not written).
    setRecords([]);
    expect(useStore.getState().doc!.campaign).toBeUndefined();
    expect(recordsOf(useStore.getState().doc)).toEqual(defaults);
  });
});
