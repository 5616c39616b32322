// Pure logic of the 台账 import wizard and export (unit-tested): the column mapping the
// clerk edits, what still blocks the next step, progress and the texts of the results.
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { Field } from "./bindings/Field";
import type { FieldSpec } from "./bindings/FieldSpec";
import type { ImportReport } from "./bindings/ImportReport";
import type { NotCaseKind } from "./bindings/NotCaseKind";
import type { NotCaseRow } from "./bindings/NotCaseRow";

/** The column `field` is read from, or "" when it is not imported. */
export function columnOf(m: ColumnMapping, field: Field): string {
  return m.columns[field] ?? "";
}

/** A copy of `m` with `field` read from `column` ("" = not imported); other fields keep theirs. */
export function withColumn(m: ColumnMapping, field: Field, column: string): ColumnMapping {
  const columns = { ...m.columns };
  if (column) columns[field] = column;
  else delete columns[field];
  return { ...m, columns };
}

/** A copy of `m` reading `sheet`, with the header row found again automatically. */
export function withSheet(m: ColumnMapping, sheet: string | null): ColumnMapping {
  return { ...m, sheet, header_row: null };
}

/**
 * What still stops the check, in the clerk's words: required fields without a column,
 * neither 问题摘要 nor 企业反映困难问题 chosen, and one column chosen for two fields.
 */
export function blockers(m: ColumnMapping, specs: FieldSpec[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    if (s.required && !columnOf(m, s.field)) out.push(`请为“${s.label}”选择所在的列（必填）`);
  }
  if (!columnOf(m, "summary") && !columnOf(m, "description")) {
    out.push("请为“问题摘要”或“企业反映困难问题”至少选择一列");
  }
  const byColumn = new Map<string, string[]>();
  for (const s of specs) {
    const c = columnOf(m, s.field);
    if (c) byColumn.set(c, [...(byColumn.get(c) ?? []), s.label]);
  }
  for (const [c, labels] of byColumn) {
    if (labels.length > 1) out.push(`列“${c}”同时对应了${labels.map((l) => `“${l}”`).join("和")}，请只保留一个`);
  }
  return out;
}

/** Fields with a column, for “已对应 N 项”. */
export function mappedCount(m: ColumnMapping, specs: FieldSpec[]): number {
  return specs.filter((s) => columnOf(m, s.field)).length;
}

/** Whole percent for a progress bar (0 when nothing is known yet). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)));
}

/** 企服台账-2026-11-25.xlsx, dated by the app's `now` (RFC 3339, +08:00). */
export function exportFileName(now: string, format: ExportFormat): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(now)?.[0] ?? "";
  return `企服台账${day ? "-" + day : ""}.${format}`;
}

/** The final step's headline and figures. */
export type ImportOutcome = {
  written: boolean;
  headline: string;
  imported: number;
  duplicates: number;
  bad: number;
};

export function importOutcome(r: ImportReport): ImportOutcome {
  const duplicates = r.existing.length;
  const bad = r.bad.length;
  let headline: string;
  if (r.dry_run) {
    headline = `检查完毕：共 ${r.total} 行，可导入 ${r.imported} 行，已在台账中 ${duplicates} 行（将跳过），有问题 ${bad} 行`;
  } else if (!r.committed) {
    headline = `未导入任何数据：有 ${bad} 行有问题。请修改文件后重新检查，或选择“跳过有问题的行”`;
  } else if (r.imported === 0) {
    headline = `没有需要导入的新案件（${duplicates} 行已在台账中，已跳过）`;
  } else {
    headline = `已导入 ${r.imported} 件`;
  }
  return { written: r.committed, headline, imported: r.committed || r.dry_run ? r.imported : 0, duplicates, bad };
}

/** `第 3、7–9 行`: row numbers with runs joined. */
export function rowList(rows: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
    parts.push(j > i ? `${rows[i]}–${rows[j]}` : `${rows[i]}`);
    i = j + 1;
  }
  return `第 ${parts.join("、")} 行`;
}

const NOT_CASE: Record<NotCaseKind, string> = {
  blank: "空行",
  total: "合计行",
  header: "重复的标题行",
  note: "标题或说明",
};

/** Lines that are not cases, one entry per kind in file order: `合计行：第 14、30 行`. */
export function notCaseLines(rows: NotCaseRow[]): string[] {
  const kinds: NotCaseKind[] = [];
  for (const r of rows) if (!kinds.includes(r.kind)) kinds.push(r.kind);
  return kinds.map((k) => `${NOT_CASE[k]}：${rowList(rows.filter((r) => r.kind === k).map((r) => r.row_number))}`);
}
