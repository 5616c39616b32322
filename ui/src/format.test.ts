import { describe, expect, it } from "vitest";
import { dateTime, dayLabel, endOfDay, fromLocalInput, issuesByField, rowLevel, shortRegNo, toLocalInput } from "./format";

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
  it("writes the end of a day as 24:00 everywhere", () => {
    expect(dateTime("2026-03-09T23:59:59+08:00")).toBe("2026-03-09 24:00");
    expect(dateTime("2026-03-09T23:59:00+08:00")).toBe("2026-03-09 23:59");
    const cases: [string, string][] = [
      ["交办给经济发展部；专业类时限 2026-03-09 23:59", "交办给经济发展部；专业类时限 2026-03-09 24:00"],
      ["“办结”时限顺延至 2026-03-10 23:59（暂定）", "“办结”时限顺延至 2026-03-10 24:00（暂定）"],
      ["日历调整，“办结”时限由 2026-03-09 23:59 改为 2026-03-10 23:59", "日历调整，“办结”时限由 2026-03-09 24:00 改为 2026-03-10 24:00"],
      ["反映时间由“2026-03-09 23:59”改为“2026-03-09 09:00”", "反映时间由“2026-03-09 23:59”改为“2026-03-09 09:00”"],
    ];
    for (const [text, want] of cases) expect(endOfDay(text), text).toBe(want);
  });
  it("shows the distinguishing part of a 登记编号 in lists", () => {
    expect(shortRegNo("企业困难问题〔2026〕第308号")).toBe("〔2026〕第308号");
    expect(shortRegNo("〔2026〕第308号")).toBe("〔2026〕第308号");
    expect(shortRegNo("ZY-2026-0308")).toBe("ZY-2026-0308");
  });
});

describe("date fields", () => {
  it("read dates as clerks type them and show them as 2026-06-15 10:00 whatever the locale", async () => {
    const { parseDateField, showDateField } = await import("./format");
    const rows: [string, boolean, string | null][] = [
      ["2026-06-15", false, "2026-06-15"],
      ["2026-6-5", false, "2026-06-05"],
      ["2026/06/15", false, "2026-06-15"],
      ["2026年6月15日", false, "2026-06-15"],
      ["2026-06-15 10:00", true, "2026-06-15T10:00"],
      ["2026-06-15T09:05", true, "2026-06-15T09:05"],
      ["2026-06-15", true, "2026-06-15T00:00"],
      ["2026-02-30", false, null],
      ["06/15/2026", false, null],
      ["2026-06-15 25:00", true, null],
      ["2026-06-15 10:00", false, null],
    ];
    for (const [text, time, want] of rows) expect(parseDateField(text, time), text).toBe(want);
    expect(showDateField("2026-06-15T10:00")).toBe("2026-06-15 10:00");
  });
});
