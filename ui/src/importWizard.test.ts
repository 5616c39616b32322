// The import wizard clicked through with the shell mocked: file → sheet and mapping →
// preview → check listing bad rows → import skipping them → the three counts.
import { flushPromises, mount } from "@vue/test-utils";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ExcelProgress } from "./bindings/ExcelProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { Inspection } from "./bindings/Inspection";
import type { Preview } from "./bindings/Preview";
import { IMPORT_FIELDS } from "./testFields";

const shell = vi.hoisted(() => ({
  progress: null as ((p: ExcelProgress) => void) | null,
  inspect: vi.fn(),
  preview: vi.fn(),
  run: vi.fn(),
  pickFile: vi.fn(),
}));
vi.mock("./api", () => ({
  asApiError: (e: unknown) => e,
  pickFile: shell.pickFile,
  excel: { inspect: shell.inspect, preview: shell.preview, run: shell.run },
  onExcelProgress: async (f: (p: ExcelProgress) => void) => {
    shell.progress = f;
    return () => {};
  },
}));
import ImportWizard from "./components/ImportWizard.vue";

const inspection: Inspection = {
  sheets: ["说明", "2025台账"],
  sheet: "2025台账",
  header_row: 1,
  headers: ["反映日期", "企业名称", "联系人", "联系电话", "反映问题"],
  total_rows: 3,
  mapping: {
    sheet: "2025台账", header_row: null,
    columns: { received_at: "反映日期", enterprise: "企业名称", contact: "联系人", phone: "联系电话", summary: "反映问题" },
    default_channel: "其他", default_nature: "求助", default_category: "其它", fairly_satisfied: "satisfied",
  },
  skipped: [{ row_number: 4, kind: "total", text: "合计" }],
  note: "读取工作表“2025台账”（它的列标题最全）；未读取：说明",
  source: "guessed",
  fields: IMPORT_FIELDS.slice(0, 6),
};
const preview: Preview = {
  headers: inspection.headers, header_row: 1, total_rows: 3,
  fields: ["反映时间", "企业", "联系人", "电话", "问题摘要"],
  rows: [
    [2, ["2025-11-03", "甲公司", "张三", "13800000001", "用电报装慢"]],
    [3, ["11月5日", "乙公司", "李四", "13800000002", "道路积水"]],
  ],
  problems: [],
  row_issues: [[], ["反映时间“11月5日”不是可识别的日期"]],
  skipped: [{ row_number: 4, kind: "total", text: "合计" }],
  note: inspection.note,
  year_note: "",
};
const bad = [{ row_number: 4, reasons: ["手机号应为 11 位数字，现在是 5 位，请核对"] }];
const extra = {
  not_cases: [], missing_departments: [], created_departments: [], conflicts: [], undated: 0,
  problems_file: "", summary: "",
};
const checked: ImportReport = { total: 3, imported: 2, existing: [], bad, committed: false, dry_run: true, ...extra };
const imported: ImportReport = { total: 3, imported: 2, existing: [], bad, committed: true, dry_run: false, ...extra };

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => {
  vi.clearAllMocks();
  shell.pickFile.mockResolvedValue("D:\\台账\\旧台账.xlsx");
  shell.inspect.mockResolvedValue(inspection);
  shell.preview.mockResolvedValue(preview);
});

describe("ImportWizard", () => {
  it("walks the clerk from the file to the imported counts", async () => {
    const w = mount(ImportWizard, { attachTo: document.body });
    await flushPromises();
    await w.find("[data-choose]").trigger("click");
    await flushPromises();
    expect(shell.inspect, "the chosen file is inspected with no sheet forced").toHaveBeenCalledWith("D:\\台账\\旧台账.xlsx", null);

    const sheets = w.findAll("[data-sheet] option").map((o) => o.text());
    expect(sheets, "a workbook with several sheets lets the clerk pick one").toEqual(["说明", "2025台账"]);
    expect((w.find('select[data-field="phone"]').element as HTMLSelectElement).value, "the dropdowns start from the proposed mapping").toBe("联系电话");
    expect(w.find("[data-source]").text(), "the clerk is told the mapping was guessed and should be checked").toContain("自动对应");
    const rows = w.findAll("[data-preview] tbody tr");
    expect(rows.map((r) => r.find("td").text()), "the preview shows file row numbers").toEqual(["2", "3"]);
    expect(rows[1].text(), "a cell that will not read is pointed out before the check").toContain("不是可识别的日期");

    await w.find('select[data-field="phone"]').setValue("");
    expect(w.find("[data-problems]").text(), "dropping a required column names the missing field").toContain("“电话”");
    expect(w.find("[data-check]").attributes("disabled"), "the check cannot start with a required field unmapped").toBeDefined();
    await w.find('select[data-field="phone"]').setValue("联系电话");
    expect(w.find("[data-problems]").exists(), "restoring it clears the problem").toBe(false);

    const run = deferred<ImportReport>();
    shell.run.mockReturnValueOnce(run.promise);
    await w.find("[data-check]").trigger("click");
    shell.progress?.({ job: "check", done: 1, total: 3 });
    await flushPromises();
    const bar = w.find("[data-progress]");
    expect([bar.attributes("aria-valuenow"), bar.text()], "a real progress bar with rows done of rows in all").toEqual([
      "33", "正在检查：1 / 3 行（33%）",
    ]);
    expect(shell.run.mock.calls[0].slice(2, 4), "the check is a dry run").toEqual([true, false]);
    run.resolve(checked);
    await flushPromises();

    expect(w.find("[data-bad-rows]").text(), "every bad row is listed with its row number and reason").toContain("第 4 行手机号应为 11 位数字");
    expect(w.find("[data-import]").attributes("disabled"), "all-or-nothing cannot import while a row is bad").toBeDefined();
    await w.find('[data-mode="skip"]').setValue(true);
    expect(w.find("[data-import]").attributes("disabled"), "skipping the bad rows allows the import").toBeUndefined();

    shell.run.mockResolvedValueOnce(imported);
    await w.find("[data-import]").trigger("click");
    await flushPromises();
    expect(shell.run.mock.calls[1].slice(2, 4), "the import writes and skips the bad rows as chosen").toEqual([false, true]);
    expect([w.find("[data-imported]").text(), w.find("[data-duplicates]").text(), w.find("[data-bad]").text()],
      "the final step shows imported, duplicates skipped and bad rows").toEqual(["2", "0", "1"]);
    expect(w.emitted("imported"), "the ledger list is told to reload").toEqual([[2]]);
    w.unmount();
  });

  it("shows why a file cannot be read and stays on the first step", async () => {
    shell.inspect.mockRejectedValueOnce({ code: "file.read", message: "无法读取文件“旧台账.xlsx”：文件已损坏", issues: [] });
    const w = mount(ImportWizard);
    await w.find("[data-choose]").trigger("click");
    await flushPromises();
    expect(w.find("[data-error]").text(), "the shell's Chinese message is shown as is").toContain("文件已损坏");
    expect(w.find("[data-choose]").exists(), "the clerk can choose another file").toBe(true);
  });

  it("offers to add the missing departments once, then lets the clerk resolve clashing numbers", async () => {
    const missing = ["供电所", "建设交通局", "自来水公司"];
    const first: ImportReport = {
      ...checked, imported: 0, missing_departments: missing,
      summary: "部门列表中缺少 3 个责任单位：供电所、建设交通局、自来水公司（可选择自动添加这些部门后再导入）。试导入：可导入 0 行，跳过 1 行（合计行），有问题 3 行（未写入台账）",
    };
    const conflict = { row_number: 3, reg_no: "ZY-002", existing: "二号纺织厂，反映时间 2025-02-11 00:00", renumbered_as: "" };
    const second: ImportReport = {
      ...checked, bad: [], imported: 2, created_departments: missing, conflicts: [conflict],
      not_cases: [{ row_number: 4, kind: "total", text: "合计" }],
      summary: "将新增部门 3 个：供电所、建设交通局、自来水公司。试导入：可导入 2 行，跳过 1 行（合计行），有问题 0 行，登记编号与台账中其他案件冲突 1 行（未写入台账）",
    };
    const renumbered: ImportReport = { ...second, conflicts: [{ ...conflict, renumbered_as: "企业困难问题〔2025〕第9号" }], imported: 3 };
    shell.run.mockResolvedValueOnce(first).mockResolvedValueOnce(second).mockResolvedValueOnce(renumbered);
    const w = mount(ImportWizard, { attachTo: document.body });
    await w.find("[data-choose]").trigger("click");
    await flushPromises();
    expect(w.find("[data-sheet-note]").text(), "the clerk is told which sheet was read and which not").toContain("未读取：说明");
    expect(w.find("[data-skipped]").text(), "lines that are not cases are announced before the check").toContain("1 行不是案件");
    await w.find("[data-check]").trigger("click");
    await flushPromises();
    expect(w.findAll("[data-missing-departments] li").map((l) => l.text()), "a step names each missing department once").toEqual(missing);
    await w.find("[data-create-departments]").trigger("click");
    await flushPromises();
    expect(shell.run.mock.calls[1].slice(2), "the check is run again, creating the departments").toEqual([true, false, true, "report"]);
    expect(w.find("[data-check-headline]").text(), "the check shows the library's summary, the CLI's words").toBe(second.summary);
    expect(w.find("[data-not-cases]").text(), "skipped lines are listed with their row numbers").toContain("合计行：第 4 行");
    expect(w.find("[data-conflicts]").text(), "a clash names the case holding the number").toContain("二号纺织厂");
    await w.find('[data-conflict="renumber"]').setValue(true);
    await flushPromises();
    expect(shell.run.mock.calls[2].slice(2), "choosing 改用新编号 checks again with that choice").toEqual([true, false, true, "renumber"]);
    w.unmount();
  });
});
