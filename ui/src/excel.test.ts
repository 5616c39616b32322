import { describe, expect, it } from "vitest";
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { FieldSpec } from "./bindings/FieldSpec";
import type { ImportReport } from "./bindings/ImportReport";
import { IMPORT_FIELDS } from "./testFields";
import { blockers, exportFileName, importOutcome, mappedCount, notCaseLines, percent, rowList, withColumn, withSheet } from "./excel";

const specs: FieldSpec[] = IMPORT_FIELDS;
const guessed: ColumnMapping = {
  sheet: "2025台账",
  header_row: 2,
  columns: { received_at: "反映日期", enterprise: "企业名称", contact: "联系人", phone: "联系电话", summary: "反映问题" },
  default_channel: "其他",
  default_nature: "求助",
  default_category: "其它",
  fairly_satisfied: "satisfied",
};
const report = (r: Partial<ImportReport>): ImportReport => ({
  total: 10, imported: 0, existing: [], bad: [], committed: false, dry_run: false,
  not_cases: [], missing_departments: [], created_departments: [], conflicts: [], undated: 0,
  problems_file: "", summary: "", ...r,
});

describe("column mapping in the import wizard", () => {
  it("a complete guessed mapping lets the clerk go on to the check", () => {
    expect(blockers(guessed, specs), "nothing should block a mapping with every required column").toEqual([]);
    expect(mappedCount(guessed, specs), "the counter shows the five mapped fields").toBe(5);
  });

  it("choosing （不导入） for a required field blocks the check and names the field", () => {
    const m = withColumn(guessed, "phone", "");
    expect(m.columns.phone, "the field is removed, not mapped to an empty title").toBeUndefined();
    expect(guessed.columns.phone, "the original mapping is not mutated (Vue sees a new object)").toBe("联系电话");
    expect(blockers(m, specs), "the clerk is told which required column is missing").toEqual([
      "请为“电话”选择所在的列（必填）",
    ]);
  });

  it("needs 问题摘要 or 企业反映困难问题, either is enough", () => {
    const none = withColumn(guessed, "summary", "");
    expect(blockers(none, specs).join(), "without any text column the case has no content").toContain("至少选择一列");
    expect(blockers(withColumn(none, "description", "反映问题"), specs), "the description alone is enough").toEqual([]);
  });

  it("warns when one column is chosen for two fields", () => {
    const m = withColumn(guessed, "process", "联系人");
    expect(blockers(m, specs), "a column read twice is almost always a mis-click").toEqual([
      "列“联系人”同时对应了“联系人”和“办理过程”，请只保留一个",
    ]);
  });

  it("a new sheet keeps the mapping but finds its header row again", () => {
    const m = withSheet(guessed, "Sheet2");
    expect([m.sheet, m.header_row, m.columns.enterprise], "the header row of another sheet may differ").toEqual([
      "Sheet2", null, "企业名称",
    ]);
  });
});

describe("progress and results", () => {
  it("the bar shows whole percents and never runs past 100", () => {
    expect([percent(0, 0), percent(1, 3), percent(3, 3), percent(5, 3)], "0 before the total is known").toEqual([0, 33, 100, 100]);
  });

  it("the default export name carries the app's date", () => {
    expect(exportFileName("2026-11-25T09:30:00+08:00", "xlsx"), "named as the task's clerks file them").toBe("企服台账-2026-11-25.xlsx");
    expect(exportFileName("2026-11-25T09:30:00+08:00", "csv")).toBe("企服台账-2026-11-25.csv");
  });

  it("a written import reports imported, duplicates and bad rows", () => {
    const o = importOutcome(report({ imported: 7, committed: true, existing: [{ row_number: 3, reg_no: "" }], bad: [{ row_number: 5, reasons: ["x"] }] }));
    expect([o.written, o.imported, o.duplicates, o.bad, o.headline], "the final step shows the three counts").toEqual([true, 7, 1, 1, "已导入 7 件"]);
  });

  it("a refused all-or-nothing import says nothing was written", () => {
    const o = importOutcome(report({ imported: 0, committed: false, bad: [{ row_number: 5, reasons: ["x"] }] }));
    expect(o.written, "the clerk must not think anything was imported").toBe(false);
    expect(o.headline, "and is told how to proceed").toContain("跳过有问题的行");
  });

  it("re-importing the same file says nothing new, with the duplicate count", () => {
    const o = importOutcome(report({ imported: 0, committed: true, existing: [{ row_number: 2, reg_no: "A" }, { row_number: 3, reg_no: "B" }] }));
    expect(o.headline, "duplicates are counted, not imported again").toBe("没有需要导入的新案件（2 行已在台账中，已跳过）");
  });

  it("a dry run reports what would be imported", () => {
    const o = importOutcome(report({ dry_run: true, imported: 9, bad: [{ row_number: 4, reasons: ["x"] }] }));
    expect([o.written, o.imported], "a check writes nothing but says how many rows are good").toEqual([false, 9]);
    expect(o.headline).toContain("有问题 1 行");
  });
});

describe("lines that are not cases", () => {
  it("are listed by kind with their row numbers, runs joined", () => {
    expect(rowList([3, 7, 8, 9, 12]), "consecutive rows read as a range").toBe("第 3、7–9、12 行");
    expect(
      notCaseLines([
        { row_number: 7, kind: "blank", text: "" },
        { row_number: 14, kind: "total", text: "合计" },
        { row_number: 15, kind: "note", text: "注：…" },
        { row_number: 30, kind: "total", text: "总计" },
      ]),
      "one line per kind, in the order they first appear, in the CLI's words",
    ).toEqual(["空行：第 7 行", "合计行：第 14、30 行", "标题或说明：第 15 行"]);
  });
});
