// A tiny hash router: #/, #/intake, #/ledger, #/case/12, #/board, #/meetings, #/reports, #/settings, #/safety.
// It remembers where each screen was scrolled and which screen the user came from, so
// Esc on a case page goes back to that list where it was.
import { computed, ref } from "vue";

const hash = ref(window.location.hash || "#/");
/** The hash before the current one (null at start). */
let previous: string | null = null;
window.addEventListener("hashchange", (e) => {
  previous = e.oldURL.includes("#") ? e.oldURL.slice(e.oldURL.indexOf("#")) : "#/";
  hash.value = window.location.hash || "#/";
});

export const route = computed(() => {
  const path = hash.value.replace(/^#/, "") || "/";
  const m = /^\/case\/(\d+)/.exec(path);
  if (m) return { name: "case" as const, id: Number(m[1]) };
  const name = (
    { "/": "workbench", "/intake": "intake", "/ledger": "ledger", "/board": "board", "/meetings": "meetings", "/reports": "reports", "/settings": "settings", "/safety": "safety" } as const
  )[path.split("?")[0]];
  return { name: name ?? ("workbench" as const), id: 0 };
});

export function go(path: string) {
  window.location.hash = path;
}
export const openCase = (id: number) => go(`/case/${id}`);

/** Back to the screen the user came from (工作台 when there is none or it was a case). */
export function back() {
  if (previous && !previous.startsWith("#/case/") && previous !== window.location.hash) {
    window.history.back();
  } else {
    go("/");
  }
}

/** Scroll positions by screen, kept for the session. */
const scrolls = new Map<string, number>();
export const rememberScroll = (screen: string, top: number) => scrolls.set(screen, top);
export const rememberedScroll = (screen: string) => scrolls.get(screen) ?? 0;
