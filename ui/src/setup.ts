// The first-start guide's choices, pure so they are unit-tested: what each notice preset
// means (one sentence), and the settings a park's name and preset give a new ledger.
import type { Settings } from "./bindings/Settings";

export type Preset = "嘉兴" | "廊坊" | "正阳";

/** Each preset: its handling policy and one sentence on what it means for deadlines. */
export const PRESETS: { name: Preset; source: string; meaning: string }[] = [
  {
    name: "嘉兴",
    source: "嘉兴经开区 2020",
    meaning: "按咨询、专业、综合、共性四类办理，分别在 1、5、10、15 个工作日内答复企业（节假日不计）。",
  },
  {
    name: "廊坊",
    source: "廊坊经开区 2019",
    meaning: "咨询即时答复；部门有权解决的 24 小时内办结；需领导研究的 48 小时内提出结果、5 日内办结。",
  },
  {
    name: "正阳",
    source: "正阳工业园区 2022",
    meaning: "园区部室按交办单办理（默认 5 个工作日），区级部门发函后 5 个工作日内函告办理情况，并抄告区民促办。",
  },
];

/** The meaning of the active policy, for the settings screen (empty for a park's own). */
export const presetMeaning = (name: string) => PRESETS.find((p) => p.name === name)?.meaning ?? "";

/** What the user types about the park in step 1. */
export type Park = {
  name: string;
  issuingBody: string;
  serviceCenter: string;
  hotline: string;
  regNo: string;
  assignNo: string;
  letterNo: string;
  preset: Preset;
};

/** Suggestions that follow the park's name until the user types their own. */
export function suggest(parkName: string) {
  const n = parkName.trim();
  return {
    issuingBody: n ? `${n}管理委员会` : "",
    serviceCenter: n ? `${n}企业服务中心` : "",
    regNo: "企业困难问题〔{year}〕第{seq}号",
    assignNo: n ? `${n}交〔{year}〕第{seq}号` : "",
    letterNo: n ? `${n}函〔{year}〕{seq}号` : "",
  };
}

/** A number format filled in, to show what a number will look like. */
export const example = (format: string, year: number) =>
  format.replace(/\{year\}/g, String(year)).replace(/\{seq\}/g, "1");

/**
 * The settings of the new ledger: `base` (the built-in lists clerks pick from) with the
 * park, its numbering and the preset's policy. The park's own values replace every
 * value of the built-in demo park; 抄告 bodies are 正阳's (003 第7条) only under 正阳.
 */
export function settingsFor(base: Settings, p: Park): Settings {
  const center = p.serviceCenter.trim();
  const hotline = p.hotline.trim();
  return {
    ...base,
    park_name: p.name.trim(),
    issuing_body: p.issuingBody.trim(),
    service_center: center,
    hotline,
    contact_line: [center, hotline].filter(Boolean).join(" "),
    reg_no_format: p.regNo.trim(),
    assign_no_format: p.assignNo.trim(),
    letter_no_format: p.letterNo.trim(),
    active_policy: p.preset,
    letter_copy_to: p.preset === "正阳" ? base.letter_copy_to : [],
    hard_case_copy_to: p.preset === "正阳" ? base.hard_case_copy_to : [],
  };
}

/** The guide's step (1–3) a field in error belongs to. */
export function stepOf(field: string): number {
  if (field.startsWith("departments") || field.startsWith("staff")) return 2;
  if (field === "admin_pin") return 3;
  return 1;
}
