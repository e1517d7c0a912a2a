import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Flow } from "../bindings/Flow";
import { defaultRecords, formatInputs, formatKeys, formatLegs, nextRecordId, parseInputs, parseKeys, parseLegs, recordsCsv } from "./records";

function otpFlow(): Flow {
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../../flows/otp-campaign.callflow.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { flow: Flow }).flow;
}

describe("campaign records", () => {
  it("legs and keys round-trip through their text forms", () => {
    expect(parseLegs(formatLegs([true, false]))).toEqual([true, false]);
    expect(parseLegs("")).toEqual([]);
    expect(parseLegs("maybe")).toEqual({ error: "`maybe` is not `answered` or `no_answer`" });
    expect(parseKeys(formatKeys({ expected_otp: "1234", tel2: "+420" }))).toEqual({ expected_otp: "1234", tel2: "+420" });
    expect(parseKeys("novalue")).toEqual({ error: "`novalue`: write `name=value`" });
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
    expect(parseInputs("otp=12x")).toEqual({ error: "`12x` is not keys (0-9 * #), `$<record key>`, `silence` or `hangup`" });
    expect(parseInputs("123456")).toEqual({ error: "`123456`: write `component=answer; answer`" });
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

describe("records history", () => {
  it("every change of the records can be undone and redone", async () => {
    const { useCampaign, setRecords, undoRecords, redoRecords } = await import("./CampaignPanel");
    const start = useCampaign.getState().records;
    setRecords(start.slice(0, 1));
    setRecords([]);
    expect(useCampaign.getState().records).toEqual([]);
    undoRecords();
    expect(useCampaign.getState().records).toHaveLength(1);
    undoRecords();
    expect(useCampaign.getState().records).toBe(start);
    undoRecords();
    expect(useCampaign.getState().records).toBe(start);
    redoRecords();
    expect(useCampaign.getState().records).toHaveLength(1);
    setRecords(start);
    expect(useCampaign.getState().future).toEqual([]);
  });
});
