// The administrator PIN for this session. Admin-only commands take the operator's PIN;
// it is asked for once (a small dialog rendered by App.vue) and then kept in memory —
// never in localStorage — until the operator changes or the PIN is refused.
import { reactive } from "vue";
import { api, asApiError, currentOperator, safety, type ApiError } from "./api";

let remembered: { name: string; pin: string } | null = null;

/** Keeps `pin` as `name`'s PIN for the session (after a successful sign-in). */
export function rememberAdminPin(name: string, pin: string) {
  remembered = pin ? { name, pin } : null;
}
export function forgetAdminPin() {
  remembered = null;
}

/** The dialog's state: "enter" asks for the PIN, "first" lets an admin set a first one. */
export const pinPrompt = reactive({
  open: false,
  mode: "enter" as "enter" | "first",
  name: "",
  error: "",
  busy: false,
});
let answer: ((pin: string | null) => void) | null = null;

function ask(name: string, mode: "enter" | "first", error: string): Promise<string | null> {
  Object.assign(pinPrompt, { open: true, mode, name, error, busy: false });
  return new Promise((resolve) => (answer = resolve));
}

/** Called by the dialog: the PIN entered, or null when cancelled. */
export async function answerPin(pin: string | null, confirm?: string) {
  if (pin !== null && pinPrompt.mode === "first") {
    if (pin !== confirm) {
      pinPrompt.error = "两次输入的 PIN 不一致，请重新输入";
      return;
    }
    pinPrompt.busy = true;
    try {
      await safety.setPin(pinPrompt.name, pin, "");
    } catch (e) {
      pinPrompt.error = asApiError(e).message;
      pinPrompt.busy = false;
      return;
    }
  }
  pinPrompt.open = false;
  pinPrompt.busy = false;
  const a = answer;
  answer = null;
  a?.(pin);
}

/** The error an admin action rejects with when the PIN dialog is cancelled. */
export const CANCELLED = "admin.cancelled";
export const isCancelled = (e: unknown) => asApiError(e).code === CANCELLED;

const pinRefused = (e: ApiError) => e.code === "validation" && e.issues.some((i) => i.field === "pin");

/**
 * Runs an admin-only call with the session's PIN, asking for it first when there is
 * none; a refused PIN is forgotten and asked for again, with the message next to the
 * PIN field. Rejects with `admin.cancelled` when the person cancels.
 */
export async function asAdmin<T>(f: (pin: string) => Promise<T>): Promise<T> {
  const name = currentOperator();
  let pin = remembered?.name === name ? remembered.pin : null;
  let error = "";
  for (;;) {
    if (pin === null) {
      const me = (await api.staff()).find((s) => s.name === name);
      if (me?.role !== "admin")
        throw { code: "auth.forbidden", message: `仅管理员可以进行此操作，当前操作人“${name}”不是管理员`, issues: [] } as ApiError;
      pin = await ask(name, me.has_pin ? "enter" : "first", error);
      if (pin === null) throw { code: CANCELLED, message: "已取消", issues: [] } as ApiError;
    }
    try {
      const r = await f(pin);
      remembered = { name, pin };
      return r;
    } catch (e) {
      const err = asApiError(e);
      if (!pinRefused(err)) throw err;
      remembered = null;
      pin = null;
      error = err.message;
    }
  }
}
