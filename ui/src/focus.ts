// Errors take the focus: after a failed save the first field in error (in the order the
// form shows them) gets the focus and is scrolled to the middle of its scroll area.
import { nextTick } from "vue";

export const INVALID = ".field.invalid input, .field.invalid textarea, .field.invalid select";

/** Focuses the first invalid field inside `root`; false when there is none. */
export async function focusFirstError(root: ParentNode | null = document): Promise<boolean> {
  await nextTick();
  const el = (root ?? document).querySelector<HTMLElement>(INVALID);
  if (!el) return false;
  el.focus({ preventScroll: true });
  el.scrollIntoView?.({ block: "center" });
  return true;
}
