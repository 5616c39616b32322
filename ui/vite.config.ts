import { defineConfig } from "vitest/config";
import vue from "@vitejs/plugin-vue";
import type { Plugin } from "vite";

// The app freezes Object.prototype (tauri.conf.json `freezePrototype`). ECharts' Scheduler
// copies every enumerable prototype key, `constructor` included, onto a plain object by
// assignment, which a frozen prototype forbids ("Cannot assign to read only property
// 'constructor'"), so the 统计 screen would not start. Define the key instead. Fails the
// build if an ECharts upgrade changes that line, so the fix cannot silently go stale.
export function echartsFrozenPrototype(): Plugin {
  const line = "target[name_1] = noop;";
  return {
    name: "zhitong-echarts-frozen-prototype",
    enforce: "pre",
    transform(code, id) {
      if (!/echarts[\\/]lib[\\/]core[\\/]Scheduler\.js$/.test(id)) return null;
      if (!code.includes(line)) throw new Error(`echarts Scheduler.js changed: "${line}" not found; re-check the frozen-prototype fix`);
      return code.replace(line, "Object.defineProperty(target, name_1, { value: noop, writable: true, enumerable: true, configurable: true });");
    },
  };
}

// Tauri serves ui/dist; the dev server runs on a fixed port for `devUrl`.
export default defineConfig({
  plugins: [vue(), echartsFrozenPrototype()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2021", sourcemap: false, chunkSizeWarningLimit: 800 },
  // Dev pre-bundling and vitest's externals would bypass the echarts fix above.
  optimizeDeps: { exclude: ["echarts"] },
  test: { environment: "jsdom", server: { deps: { inline: ["echarts"] } } },
});
