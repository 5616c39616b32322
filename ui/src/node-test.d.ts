// The few Node APIs charts.frozen.test.ts uses (the UI has no @types/node).
declare module "node:fs" {
  export function readFileSync(path: string, encoding: "utf8"): string;
}
declare module "node:module" {
  export function createRequire(url: string): { resolve(id: string): string };
}
declare module "node:vm" {
  const vm: { createContext(o: object): object; runInContext(code: string, context: object): unknown };
  export default vm;
}
