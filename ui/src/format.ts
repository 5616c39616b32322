// Labels and formatting shared by the screens. Pure functions (unit-tested).
import type { Action } from "./bindings/Action";
import type { CaseState } from "./bindings/CaseState";
import type { Level } from "./bindings/Level";
import type { RejectReason } from "./bindings/RejectReason";
import type { Satisfaction } from "./bindings/Satisfaction";

export const STATE_LABEL: Record<CaseState, string> = {
  registered: "待甄别",
  accepted: "已受理待交办",
  rejected: "不予受理",
  awaiting_material: "待补充材料",
  assigned: "已交办",
  in_progress: "办理中",
  replied: "已答复",
  closed: "已办结",
  void: "已作废",
};
export const STATES = Object.keys(STATE_LABEL) as CaseState[];

export const ACTION_LABEL: Record<Action, string> = {
  accept: "受理",
  reject: "不予受理",
  await_material: "要求补充材料",
  resume: "材料已补齐",
  assign: "交办",
  reassign: "转办",
  progress: "记录进展",
  urge: "催办",
  escalate: "提交领导小组督办",
  reply: "答复企业",
  evaluate: "录入评价",
  reopen: "专项督办（重新办理）",
  close: "办结销号",
  void: "作废",
  edit: "修改",
  attach: "添加附件",
};

export const REJECT_LABEL: Record<RejectReason, string> = {
  out_of_scope: "非园区注册企业或不属于受理范围",
  illegal: "诉求违反法律法规",
  litigation: "已经或依法应当通过诉讼、仲裁、行政复议等法定途径解决",
  petition: "属于司法或信访事项",
  other: "其他原因",
};

export const SATISFACTION_LABEL: Record<Satisfaction, string> = {
  satisfied: "满意",
  average: "一般",
  unsatisfied: "不满意",
};

export const OUTCOME_LABEL = {
  A: "A类 已经解决或基本解决",
  B: "B类 正在解决",
  C: "C类 一时难以解决",
} as const;

const WEEK = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/** The wall-clock parts of an RFC 3339 instant as written (the ledger writes +08:00). */
function parts(iso: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  return { y, mo, d, h, mi, wd: new Date(Date.UTC(y, mo - 1, d)).getUTCDay() };
}

/** "2026-03-02 09:05"; the end of a day (23:59:59, as deadlines are stored) is "24:00". */
export function dateTime(iso: string | null | undefined): string {
  const p = iso ? parts(iso) : null;
  if (!p) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  const end = iso && /T23:59:59/.test(iso);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${end ? "24:00" : `${pad(p.h)}:${pad(p.mi)}`}`;
}

/**
 * A timeline text with deadlines written as the rest of the app writes them: a deadline
 * stored as 23:59:59 reads "24:00" (older events say "时限 2026-03-09 23:59"). Only
 * deadline phrases (时限…, …至, 由…改为…) change; a quoted time a clerk typed does not.
 */
export function endOfDay(text: string): string {
  return text.replace(/((?:时限|至|由|改为)\s?\d{4}-\d{2}-\d{2}) 23:59(?![:\d])/g, "$1 24:00");
}

/**
 * The part of a 登记编号 that tells cases apart, for lists: "企业困难问题〔2026〕第308号" →
 * "〔2026〕第308号". A number without the year bracket is shown whole.
 */
export function shortRegNo(regNo: string): string {
  const i = regNo.indexOf("〔");
  return i > 0 ? regNo.slice(i) : regNo;
}

/** "3月2日 周一" */
export function dayLabel(iso: string | null | undefined): string {
  const p = iso ? parts(iso) : null;
  return p ? `${p.mo}月${p.d}日 ${WEEK[p.wd]}` : "";
}

/** "2026-03-02" */
export function dateOnly(iso: string | null | undefined): string {
  return dateTime(iso).slice(0, 10);
}

/** An instant at +08:00 for a `YYYY-MM-DDTHH:MM` local input value. */
export function fromLocalInput(v: string): string {
  return v.length === 16 ? `${v}:00+08:00` : v;
}

/** `YYYY-MM-DDTHH:MM` for a datetime-local input, from an RFC 3339 instant at +08:00. */
export function toLocalInput(iso: string): string {
  return dateTime(iso).replace(" ", "T");
}

/** Colour of a ledger row from its running deadline: red overdue, amber due within a day. */
export function rowLevel(state: CaseState, due: string | null, now: string): Level {
  if (!["assigned", "in_progress", "replied"].includes(state) || !due) return "grey";
  const ms = Date.parse(due) - Date.parse(now);
  if (ms < 0) return "red";
  if (ms <= 24 * 3600 * 1000) return "amber";
  return "green";
}

/** Field issues keyed by field path, for showing errors next to their fields. */
export function issuesByField(issues: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[i.field] = out[i.field] ? `${out[i.field]}；${i.message}` : i.message;
  return out;
}
