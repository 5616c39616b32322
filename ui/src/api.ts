// The only module that talks to the Rust side (invoke, events, native dialogs).
// Every command rejects with an ApiError {code, message, issues}.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open as openDialog } from "@tauri-apps/plugin-dialog";

import type { AgendaHead } from "./bindings/AgendaHead";
import type { AgendaItem } from "./bindings/AgendaItem";
import type { AgendaSection } from "./bindings/AgendaSection";
import type { ApiError } from "./bindings/ApiError";
import type { AppInfo } from "./bindings/AppInfo";
import type { AssignInput } from "./bindings/AssignInput";
import type { AgendaCase } from "./bindings/AgendaCase";
import type { AssignPreview } from "./bindings/AssignPreview";
import type { Board } from "./bindings/Board";
import type { CalendarImport } from "./bindings/CalendarImport";
import type { Case } from "./bindings/Case";
import type { CasePage } from "./bindings/CasePage";
import type { CaseQuery } from "./bindings/CaseQuery";
import type { CaseRow } from "./bindings/CaseRow";
import type { CaseView } from "./bindings/CaseView";
import type { DayKind } from "./bindings/DayKind";
import type { DecisionInput } from "./bindings/DecisionInput";
import type { DepartmentContacts } from "./bindings/DepartmentContacts";
import type { DocKind } from "./bindings/DocKind";
import type { Department } from "./bindings/Department";
import type { Enterprise } from "./bindings/Enterprise";
import type { EvaluateInput } from "./bindings/EvaluateInput";
import type { FilingInput } from "./bindings/FilingInput";
import type { MeetInput } from "./bindings/MeetInput";
import type { Meeting } from "./bindings/Meeting";
import type { MeetingInput } from "./bindings/MeetingInput";
import type { MonthGrid } from "./bindings/MonthGrid";
import type { NewCase } from "./bindings/NewCase";
import type { NewDepartment } from "./bindings/NewDepartment";
import type { NewStaff } from "./bindings/NewStaff";
import type { RejectInput } from "./bindings/RejectInput";
import type { ReplyInput } from "./bindings/ReplyInput";
import type { SearchHit } from "./bindings/SearchHit";
import type { Settings } from "./bindings/Settings";
import type { Setup } from "./bindings/Setup";
import type { Staff } from "./bindings/Staff";
import type { Summary } from "./bindings/Summary";
import type { TickReport } from "./bindings/TickReport";
import type { UrgeInput } from "./bindings/UrgeInput";

export type { ApiError };

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Any failure as an ApiError (a plain string from Tauri itself becomes `app.ipc`). */
export function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message, issues: e.issues ?? [] };
  return { code: "app.ipc", message: String(e), issues: [] };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asApiError(e);
  }
}

/** The operator chosen at start; passed to every mutating command. */
let operator = "";
export function setOperator(name: string) {
  operator = name;
}
export function currentOperator(): string {
  return operator;
}
const act = <T>(cmd: string, args: Record<string, unknown>) => call<T>(cmd, { operator, ...args });

let paintTold = false;
/** Tells the shell, once per page and two animation frames after the call (so after the
 * browser has painted), that the first view shows its data. The shell holds the start-up
 * work that can wait (first scheduler tick, integrity check, backup) until then. */
export function paintedFirstView(): void {
  if (paintTold) return;
  paintTold = true;
  requestAnimationFrame(() => requestAnimationFrame(() => void api.painted().catch(() => undefined)));
}

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  /** See `paintedFirstView`. */
  painted: () => call<void>("painted"),
  /** The first-start guide's settings, departments, staff and administrator PIN, in one go. */
  setUp: (input: Setup) => call<void>("set_up", { input }),
  /** A demo ledger instead (demo park, departments, staff and cases); returns the cases made. */
  setUpDemo: () => call<number>("set_up_demo"),
  settings: () => call<Settings>("settings"),
  /** Administrators only: `pin` is the operator's PIN (see admin.ts). */
  saveSettings: (settings: Settings, pin: string) => act<Settings>("save_settings", { settings, pin }),
  departments: () => call<Department[]>("departments"),
  addDepartment: (input: NewDepartment, pin: string) => act<Department>("add_department", { input, pin }),
  setDepartmentActive: (name: string, active: boolean, pin: string) =>
    act<Department>("set_department_active", { name, active, pin }),
  /** 专员, 分管副职, 联络员 with phones (administrators only). */
  setDepartmentContacts: (name: string, input: DepartmentContacts, pin: string) =>
    act<Department>("set_department_contacts", { name, input, pin }),
  /** Membership of the 领导小组 and the 企服办 (administrators only). */
  setStaffMembership: (name: string, leading_group: boolean, service_office: boolean, pin: string) =>
    act<Staff>("set_staff_membership", { name, leading_group, service_office, pin }),
  staff: () => call<Staff[]>("staff"),
  addStaff: (input: NewStaff, pin: string) => act<Staff>("add_staff", { input, pin }),

  findEnterprises: (text: string) => call<Enterprise[]>("find_enterprises", { text }),
  recentCasesOf: (name: string, credit_code: string) =>
    call<CaseRow[]>("recent_cases_of", { name, credit_code }),
  register: (input: NewCase) => act<Case>("register", { input }),
  registerAnswered: (input: NewCase, reply: ReplyInput) => act<Case>("register_answered", { input, reply }),

  list: (query: CaseQuery) => call<CasePage>("list", { query }),
  caseView: (id: number) => call<CaseView>("case_view", { id }),
  caseByRef: (reference: string) => call<number>("case_by_ref", { reference }),
  /** Full-text search (at most 50 cases), with highlighted snippets. */
  search: (text: string) => call<SearchHit[]>("search", { text }),
  /** 工作台: each section's first items, most urgent first, and how many it holds. */
  agenda: () => call<AgendaHead>("agenda"),
  /** 显示全部: the whole of one 工作台 section. */
  agendaSection: (section: AgendaSection) => call<AgendaItem[]>("agenda_section", { section }),
  board: () => call<Board>("board"),

  accept: (id: number, opinion: string, klass: string | null = null, common = false) =>
    act<Case>("accept", { id, opinion, class: klass, common }),
  /** 标记为共性问题: on the next joint meeting's agenda. */
  markCommon: (id: number, reason: string) => act<Case>("mark_common", { id, reason }),
  /** 备案: the department's report signed by its head (with the scan's path). */
  fileReport: (id: number, input: FilingInput) => act<Case>("file_report", { id, input }),
  /** 记录领导小组决定 (leaders): ends the escalation, may move the case. */
  decide: (id: number, input: DecisionInput) => act<Case>("decide", { id, input }),
  meetings: () => call<Meeting[]>("meetings"),
  /** The next meeting's agenda: 共性问题 not yet taken up, and escalated cases. */
  meetingAgenda: () => call<AgendaCase[]>("meeting_agenda"),
  addMeeting: (input: MeetingInput) => act<Meeting>("add_meeting", { input }),
  /** A meeting's 会议纪要 as PDF under prints/, opened; returns the path. */
  printMinutes: (id: number) => call<string>("print_minutes", { id }),
  meet: (id: number, input: MeetInput) => act<Case>("meet", { id, input }),
  bureauReply: (id: number, text: string) => act<Case>("bureau_reply", { id, text }),
  reject: (id: number, input: RejectInput) => act<Case>("reject", { id, input }),
  awaitMaterial: (id: number, what: string) => act<Case>("await_material", { id, what }),
  resume: (id: number, note: string) => act<Case>("resume", { id, note }),
  previewAssignment: (id: number, input: AssignInput) =>
    call<AssignPreview>("preview_assignment", { id, input }),
  assign: (id: number, input: AssignInput) => act<Case>("assign", { id, input }),
  reassign: (id: number, input: AssignInput) => act<Case>("reassign", { id, input }),
  sheetReturned: (id: number) => act<Case>("sheet_returned", { id }),
  progress: (id: number, text: string, feedback: boolean) =>
    act<Case>("progress", { id, text, feedback }),
  urge: (id: number, input: UrgeInput) => act<Case>("urge", { id, input }),
  escalate: (id: number, reason: string) => act<Case>("escalate", { id, reason }),
  reply: (id: number, input: ReplyInput) => act<Case>("reply", { id, input }),
  evaluate: (id: number, input: EvaluateInput) => act<Case>("evaluate", { id, input }),
  reopen: (id: number, reason: string, until: string | null) => act<Case>("reopen", { id, reason, until }),
  close: (id: number, note: string) => act<Case>("close", { id, note }),
  void: (id: number, reason: string) => act<Case>("void", { id, reason }),
  editCase: (id: number, input: NewCase, reason: string) => act<Case>("edit_case", { id, input, reason }),

  attach: (id: number, path: string, kind: string) => act<Case>("attach", { id, path, kind }),
  openAttachment: (attachment_id: number) => call<void>("open_attachment", { attachment_id }),
  print: (id: number, document: DocKind) => call<string>("print", { id, document }),
  /** Every assignment sheet of a day (YYYY-MM-DD; today when null) in one PDF. */
  printAssignments: (date: string | null) => call<string>("print_assignments", { date }),
  /** The 督办看板 as an A4 landscape PDF under prints/, opened; returns the path. */
  printBoard: () => call<string>("print_board"),
  /** Figures of a period: 2026, 2026-Q1, 2026-03, 2026-W10, 2026-03-01..2026-04-01. */
  summary: (period: string) => call<Summary>("summary", { period }),
  /** The period's PDF report / Excel summary under prints/, opened; returns the path. */
  reportPdf: (period: string) => call<string>("report_pdf", { period }),
  reportXlsx: (period: string) => call<string>("report_xlsx", { period }),
  /** After a failed start-up check: restore the newest good backup. */
  recoverLedger: () => call<string>("recover_ledger"),
  /** Checks the PIN of a staff member who has one. */
  signIn: (name: string, pin: string) => call<Staff>("sign_in", { name, pin }),

  calendarMonth: (year: number, month: number) =>
    call<MonthGrid>("calendar_month", { year, month }),
  setCalendarDay: (date: string, kind: DayKind | null, name: string, pin: string) =>
    act<number>("set_calendar_day", { date, kind, name, pin }),
  importCalendar: (path: string, pin: string) => act<CalendarImport>("import_calendar", { path, pin }),
};

/** Native "open file" dialog; null when cancelled. */
export async function pickFile(title: string, extensions?: string[]): Promise<string | null> {
  const filters = extensions ? [{ name: extensions.join("/"), extensions }] : undefined;
  const picked = await openDialog({ title, multiple: false, directory: false, filters });
  return typeof picked === "string" ? picked : null;
}

/** Called after every scheduler tick (once a minute). */
export function onTick(f: (r: TickReport) => void): Promise<UnlistenFn> {
  return listen<TickReport>("ledger://tick", (e) => f(e.payload));
}

/** The background integrity check found damage: the ledger is out of use until recovered. */
export function onDamaged(f: (e: ApiError) => void): Promise<UnlistenFn> {
  return listen<ApiError>("ledger://damaged", (e) => f(e.payload));
}

// ---- safety (backups, restore, admin) ---------------------------------------------
import type { BackupInfo } from "./bindings/BackupInfo";
import type { EncryptReport } from "./bindings/EncryptReport";
import type { CheckReport } from "./bindings/CheckReport";
import type { Folder } from "./bindings/Folder";
import type { PanicReport } from "./bindings/PanicReport";
import type { RestorePreview } from "./bindings/RestorePreview";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { SafetyInfo } from "./bindings/SafetyInfo";

export const safety = {
  /** Version, ledger file, data / backups / logs folders. */
  info: () => call<SafetyInfo>("safety_info"),
  /** Backups in the backups folder, newest first, each verified. */
  backups: () => call<BackupInfo[]>("backups"),
  /** A manual backup into the backups folder. */
  backupNow: () => call<BackupInfo>("backup_now"),
  /** A verified backup into a chosen folder (a USB stick). */
  backupTo: (dir: string) => call<BackupInfo>("backup_to", { dir }),
  previewRestore: (path: string) => call<RestorePreview>("preview_restore", { path }),
  /** Administrators only; the current ledger is saved as a safety copy first. */
  restore: (path: string, pin: string) => act<RestoreReport>("restore_backup", { path, pin }),
  check: () => call<CheckReport>("check_ledger"),
  openFolder: (folder: Folder) => call<void>("open_folder", { folder }),
  /** Problem reports written since the last acknowledged one. */
  panicReports: () => call<PanicReport[]>("panic_reports"),
  acknowledgePanics: () => call<number>("acknowledge_panics"),
  /** Sets `name`'s PIN: `pin` is the operator's current PIN (empty for a first own PIN). */
  setPin: (name: string, newPin: string, pin: string) =>
    act<void>("set_pin", { name, new_pin: newPin, pin }),
  /** Opens the encrypted ledger start-up found locked. */
  unlock: (passphrase: string) => call<void>("unlock_ledger", { passphrase }),
  /** Administrators only: encrypts the ledger and its backups. */
  encrypt: (passphrase: string, pin: string) =>
    act<EncryptReport>("encrypt_ledger", { passphrase, pin }),
  /** Administrators only: a new passphrase for the ledger and its backups. */
  changePassphrase: (old: string, next: string, pin: string) =>
    act<EncryptReport>("change_passphrase", { old, new: next, pin }),
};

/** Native "choose folder" dialog; null when cancelled. */
export async function pickFolder(title: string): Promise<string | null> {
  const picked = await openDialog({ title, multiple: false, directory: true });
  return typeof picked === "string" ? picked : null;
}

// ---- excel (import/export) ----------------------------------------------------------
import { save as saveDialog } from "@tauri-apps/plugin-dialog";
import type { ColumnMapping } from "./bindings/ColumnMapping";
import type { ExcelProgress } from "./bindings/ExcelProgress";
import type { ExportDone } from "./bindings/ExportDone";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ImportReport } from "./bindings/ImportReport";
import type { Inspection } from "./bindings/Inspection";
import type { Preview } from "./bindings/Preview";
import type { OnConflict } from "./bindings/OnConflict";

export const excel = {
  /** Sheets, titles and the proposed mapping (remembered if it fits, else guessed). */
  inspect: (path: string, sheet: string | null) => call<Inspection>("import_inspect", { path, sheet }),
  /** The first rows as `mapping` reads them, with mapping problems and cell issues. */
  preview: (path: string, mapping: ColumnMapping) => call<Preview>("import_preview", { path, mapping }),
  /**
   * `dryRun`: check only. Without `skipBad`, any bad row means nothing is written.
   * `createDepartments`: add the 责任单位 the department list lacks; `onConflict`: what
   * to do with rows whose 登记编号 is another case's.
   */
  run: (path: string, mapping: ColumnMapping, dryRun: boolean, skipBad: boolean,
    createDepartments = false, onConflict: OnConflict = "report") =>
    act<ImportReport>("import_run", {
      path, mapping, dry_run: dryRun, skip_bad: skipBad,
      create_departments: createDepartments, on_conflict: onConflict,
    }),
  /** Every case matching `query` (paging ignored) into `path`. */
  exportLedger: (query: CaseQuery, path: string, format: ExportFormat) =>
    call<ExportDone>("export_ledger", { query, path, format }),
  /** Opens a file exported in this session, or (`folder`) shows it in its folder. */
  openExport: (path: string, folder: boolean) => call<void>("open_export", { path, folder }),
};

/** Progress of imports and exports (`done` of `total` rows). */
export function onExcelProgress(f: (p: ExcelProgress) => void): Promise<UnlistenFn> {
  return listen<ExcelProgress>("excel://progress", (e) => f(e.payload));
}

/** Native "save as" dialog; null when cancelled. */
export async function pickSavePath(title: string, defaultName: string, extensions: string[]): Promise<string | null> {
  const picked = await saveDialog({
    title,
    defaultPath: defaultName,
    filters: [{ name: extensions.join("/"), extensions }],
  });
  return typeof picked === "string" ? picked : null;
}
