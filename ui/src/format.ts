// Labels and formatting shared by the screens. Pure functions (unit-tested).
import type { CaseState } from "./bindings/CaseState";
import { STATE_LABEL } from "./bindings/labels";
import type { Level } from "./bindings/Level";

// Labels of actions, states, outcomes, ratings and rejection reasons come from the Rust
// domain (generated into bindings/labels.ts), so a button and a refusal say the same.
export {
  ACTION_LABEL, ON_THE_SPOT_LABEL, OUTCOME_LABEL, REJECT_LABEL, SATISFACTION_LABEL, STATE_LABEL,
} from "./bindings/labels";
export const STATES = Object.keys(STATE_LABEL) as CaseState[];

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

/**
 * A date (or date and time) as a clerk types it — 2026-06-15, 2026-6-15, 2026/06/15,
 * 2026.6.15, 2026年6月15日, with 10:00 after a space or T — in the form the fields hold:
 * "2026-06-15" or "2026-06-15T10:00". Null when it is not a real date. The fields show it
 * as 2026-06-15 10:00 whatever the system locale (WebKit's date inputs do not).
 */
export function parseDateField(text: string, withTime: boolean): string | null {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+(\d{1,2})[:：](\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  if (!withTime) return m[4] === undefined ? date : null;
  const [h, mi] = m[4] === undefined ? [0, 0] : [Number(m[4]), Number(m[5])];
  if (h > 23 || mi > 59) return null;
  return `${date}T${pad(h)}:${pad(mi)}`;
}

/** A field's value ("2026-06-15" or "2026-06-15T10:00") as shown: 2026-06-15 10:00. */
export function showDateField(value: string): string {
  return value.replace("T", " ");
}

/** Colour of a ledger row from its running deadline: red overdue, amber due within a day. */
export function rowLevel(state: CaseState, due: string | null, now: string): Level {
  if (!["accepted", "assigned", "in_progress", "replied"].includes(state) || !due) return "grey";
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
