import { describe, expect, it } from "vitest";
import { dateTime, dayLabel, fromLocalInput, issuesByField, rowLevel, toLocalInput } from "./format";

describe("format", () => {
  it("shows the wall time as the ledger wrote it", () => {
    expect(dateTime("2026-03-02T09:05:00+08:00")).toBe("2026-03-02 09:05");
    expect(dayLabel("2026-10-12T23:59:59+08:00")).toBe("10月12日 周一");
  });
  it("round-trips datetime-local values at +08:00", () => {
    expect(fromLocalInput("2026-03-02T09:05")).toBe("2026-03-02T09:05:00+08:00");
    expect(toLocalInput("2026-03-02T09:05:00+08:00")).toBe("2026-03-02T09:05");
  });
  it("colours rows by their running deadline only", () => {
    const now = "2026-03-02T09:00:00+08:00";
    expect(rowLevel("assigned", "2026-03-01T23:59:59+08:00", now)).toBe("red");
    expect(rowLevel("assigned", "2026-03-02T23:59:59+08:00", now)).toBe("amber");
    expect(rowLevel("in_progress", "2026-03-09T23:59:59+08:00", now)).toBe("green");
    expect(rowLevel("closed", "2026-03-01T23:59:59+08:00", now)).toBe("grey");
  });
  it("joins several issues of one field", () => {
    expect(issuesByField([{ field: "a", message: "x" }, { field: "a", message: "y" }])).toEqual({ a: "x；y" });
  });
});
