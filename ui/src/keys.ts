// Keyboard shortcuts of a screen: registered while the screen is mounted.
import { onMounted, onUnmounted } from "vue";

export type Keys = { save?: () => void; cancel?: () => void; print?: () => void };

export function useKeys(keys: Keys) {
  const onKey = (e: KeyboardEvent) => {
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key.toLowerCase() === "s" && keys.save) {
      e.preventDefault();
      keys.save();
    } else if (ctrl && e.key.toLowerCase() === "p" && keys.print) {
      e.preventDefault();
      keys.print();
    } else if (e.key === "Escape" && keys.cancel) {
      keys.cancel();
    }
  };
  onMounted(() => window.addEventListener("keydown", onKey));
  onUnmounted(() => window.removeEventListener("keydown", onKey));
}
