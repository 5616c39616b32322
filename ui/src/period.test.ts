import { describe, expect, it } from "vitest";
import { isoWeek, pct, presets } from "./period";

describe("period presets", () => {
  it("computes week, month, quarter and year from now", () => {
    expect(presets("2026-11-20T10:00:00+08:00").map((p) => p.period)).toEqual([
      "2026-W47",
      "2026-11",
      "2026-Q4",
      "2026",
    ]);
  });
  it("puts early January into the previous ISO year when due", () => {
    expect(isoWeek(2027, 1, 1)).toEqual([2026, 53]);
    expect(isoWeek(2026, 1, 1)).toEqual([2026, 1]);
  });
  it("formats rates", () => {
    expect(pct(0.875)).toBe("87.5%");
    expect(pct(null)).toBe("—");
  });
});
