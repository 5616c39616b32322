// The import fields as the backend describes them (`import_fields`), for the unit tests of
// the import wizard and its helpers: the ledger columns a clerk's old spreadsheet maps to.
import type { FieldSpec } from "./bindings/FieldSpec";

export const IMPORT_FIELDS: FieldSpec[] = [
  { field: "received_at", label: "反映时间", required: true, hint: "" },
  { field: "enterprise", label: "企业", required: true, hint: "" },
  { field: "contact", label: "联系人", required: true, hint: "" },
  { field: "phone", label: "电话", required: true, hint: "" },
  { field: "summary", label: "问题摘要", required: false, hint: "" },
  { field: "description", label: "企业反映困难问题", required: false, hint: "" },
  { field: "process", label: "办理过程", required: false, hint: "" },
];
