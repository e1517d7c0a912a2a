import { describe, expect, it } from "vitest";
import { defaultRecords, formatKeys, formatLegs, nextRecordId, parseKeys, parseLegs, recordsCsv } from "./records";

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
