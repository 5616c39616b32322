// A tiny hash router: #/, #/intake, #/ledger, #/case/12, #/board, #/reports, #/settings, #/safety.
import { computed, ref } from "vue";

const hash = ref(window.location.hash || "#/");
window.addEventListener("hashchange", () => (hash.value = window.location.hash || "#/"));

export const route = computed(() => {
  const path = hash.value.replace(/^#/, "") || "/";
  const m = /^\/case\/(\d+)/.exec(path);
  if (m) return { name: "case" as const, id: Number(m[1]) };
  const name = (
    { "/": "workbench", "/intake": "intake", "/ledger": "ledger", "/board": "board", "/reports": "reports", "/settings": "settings", "/safety": "safety" } as const
  )[path.split("?")[0]];
  return { name: name ?? ("workbench" as const), id: 0 };
});

export function go(path: string) {
  window.location.hash = path;
}
export const openCase = (id: number) => go(`/case/${id}`);
