import { describe, expect, it } from "vitest";
import { packPages } from "./board";

type L = { kind: "group" | "item"; name: string };
const g = (name: string): L => ({ kind: "group", name });
const it_ = (name: string): L => ({ kind: "item", name });
const names = (pages: L[][]) => pages.map((p) => p.map((l) => l.name).join(" "));
const cont = (h: L): L => ({ ...h, name: `${h.name}（续）` });

describe("board pages", () => {
  const cases: [string, L[], number[], number, string[]][] = [
    ["everything fits one tall screen", [g("A"), it_("a1"), it_("a2"), g("B"), it_("b1")], [50, 80, 80, 50, 80], 1000,
      ["A a1 a2 B b1"]],
    ["a short screen: more pages, the department continued with its heading",
      [g("A"), it_("a1"), it_("a2"), it_("a3")], [50, 80, 80, 80], 220, ["A a1 a2", "A（续） a3"]],
    ["a heading never ends a page alone", [g("A"), it_("a1"), g("B"), it_("b1")], [50, 80, 50, 80], 200,
      ["A a1", "B b1"]],
    ["a case taller than the page still gets shown under its heading", [g("A"), it_("a1"), it_("a2")], [50, 500, 80], 200,
      ["A a1", "A（续） a2"]],
    ["nothing to show", [], [], 500, []],
  ];
  for (const [why, lines, heights, avail, want] of cases) {
    it(why, () => expect(names(packPages(lines, heights, avail, cont))).toEqual(want));
  }
  it("a taller window holds more rows a page", () => {
    const lines = [g("A"), ...Array.from({ length: 20 }, (_, i) => it_(`a${i}`))];
    const heights = [50, ...Array(20).fill(80)];
    const small = packPages(lines, heights, 768 - 150, cont).length;
    const big = packPages(lines, heights, 1080 - 150, cont).length;
    expect(big).toBeLessThan(small);
  });
});
