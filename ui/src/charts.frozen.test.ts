// @vitest-environment node
// The app runs with Object.prototype frozen (tauri.conf.json `freezePrototype`), where
// ECharts' Scheduler fails at import and the whole UI stays blank. vite.config.ts rewrites
// that one assignment; this checks the rewrite against the installed ECharts, in a
// separate realm with a frozen Object.prototype (freezing this worker's would hang vitest).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { echartsFrozenPrototype } from "../vite.config";

const file = createRequire(import.meta.url).resolve("echarts/lib/core/Scheduler.js");
const source = readFileSync(file, "utf8");
type Transform = (code: string, id: string) => string | null;
const transform = echartsFrozenPrototype().transform as unknown as Transform;

/** Runs ECharts' mockMethods (as built) on a class like its own, in a frozen realm. */
function mockMethodsUnderFrozenPrototype(code: string): string {
  const fn = /function mockMethods\(target, Clz\) \{[\s\S]*?\n\}/.exec(code)?.[0];
  if (!fn) throw new Error("mockMethods not found in Scheduler.js");
  const realm = vm.createContext({});
  return vm.runInContext(
    `"use strict";
     Object.freeze(Object.prototype);
     ${fn}
     function Base() {}
     function Model() {}
     function Tmp() { this.constructor = Model; } // tslib's __extends: enumerable constructor
     Tmp.prototype = Base.prototype;
     Model.prototype = new Tmp();
     Model.prototype.eachSeries = function () {};
     var noop = function () {};
     var mock = {};
     try { mockMethods(mock, Model); "ok:" + Object.keys(mock).sort().join(","); } catch (e) { "error:" + e.message; }`,
    realm,
  ) as string;
}

describe("ECharts under a frozen Object.prototype", () => {
  it("fails as shipped, which is why the build rewrites it", () => {
    expect(mockMethodsUnderFrozenPrototype(source), "the unpatched code must throw, or the fix is obsolete").toContain("read only property 'constructor'");
  });

  it("works after the build's rewrite", () => {
    const out = transform(source, file);
    expect(out, "the build must find and rewrite the line in the installed ECharts").not.toBeNull();
    expect(mockMethodsUnderFrozenPrototype(out as string), "the 统计 screen's charts load").toBe("ok:constructor,eachSeries");
  });

  it("stops the build if an ECharts upgrade changes the line", () => {
    expect(() => transform("export default 1;", file), "a silent no-op would bring back the blank screen").toThrow(/Scheduler\.js changed/);
  });
});
