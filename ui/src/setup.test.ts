import { describe, expect, it } from "vitest";
import type { Settings } from "./bindings/Settings";
import { PRESETS, example, settingsFor, stepOf, suggest } from "./setup";

// The built-in defaults are the demo park's (正阳); a real park must not inherit them.
const base = {
  park_name: "重庆市正阳工业园区",
  issuing_body: "重庆市正阳工业园区管理委员会",
  service_center: "正阳工业园区企业服务中心",
  hotline: "79429609",
  contact_line: "正阳工业园区企业服务中心 79429609",
  letter_copy_to: ["区民促办"],
  hard_case_copy_to: ["区整顿办"],
  categories: ["用电保障"],
  active_policy: "嘉兴",
} as unknown as Settings;

describe("first start", () => {
  it("every preset says in one sentence what it means", () => {
    expect(PRESETS.map((p) => p.name)).toEqual(["嘉兴", "廊坊", "正阳"]);
    for (const p of PRESETS) expect(p.meaning.split("。").filter(Boolean)).toHaveLength(1);
  });
  it("a new park keeps none of the demo park's values", () => {
    const s = suggest("嘉兴经济技术开发区");
    const out = settingsFor(base, {
      name: "嘉兴经济技术开发区", issuingBody: s.issuingBody, serviceCenter: s.serviceCenter, hotline: "0573-1234",
      regNo: s.regNo, assignNo: s.assignNo, letterNo: s.letterNo, preset: "嘉兴",
    });
    expect(JSON.stringify(out)).not.toContain("正阳");
    expect(out.contact_line).toBe("嘉兴经济技术开发区企业服务中心 0573-1234");
    expect(out.letter_copy_to).toEqual([]);
    expect(out.categories).toEqual(["用电保障"]);
    expect(example(out.assign_no_format, 2026)).toBe("嘉兴经济技术开发区交〔2026〕第1号");
  });
  it("正阳's rules copy letters to 区民促办 as 003 第7条 says", () => {
    const out = settingsFor(base, { ...suggest("X园区"), name: "X园区", hotline: "", preset: "正阳" });
    expect(out.letter_copy_to).toEqual(["区民促办"]);
    expect(out.active_policy).toBe("正阳");
  });
  it("an error sends the guide back to its step", () => {
    const cases: [string, number][] = [["park_name", 1], ["reg_no_format", 1], ["departments.2.name", 2], ["staff.0.name", 2], ["admin_pin", 3]];
    for (const [field, step] of cases) expect(stepOf(field), field).toBe(step);
  });
});
