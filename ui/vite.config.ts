import { defineConfig } from "vitest/config";
import vue from "@vitejs/plugin-vue";

// Tauri serves ui/dist; the dev server runs on a fixed port for `devUrl`.
export default defineConfig({
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "es2021", sourcemap: false, chunkSizeWarningLimit: 800 },
  test: { environment: "jsdom" },
});
