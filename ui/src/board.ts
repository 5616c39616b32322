// Pages of the 督办看板 that fit the window: pure, so it is unit-tested.

export type Packable = { kind: "group" | "item" };

/**
 * Packs `lines` (department headings and their cases, `heights[i]` pixels each) into
 * pages of at most `avail` pixels. A heading is never the last line of a page (it
 * needs its first case under it); a page that starts inside a department repeats its
 * heading, made by `continued`. A case taller than a page stays under its heading.
 */
export function packPages<T extends Packable>(
  lines: T[],
  heights: number[],
  avail: number,
  continued: (heading: T) => T,
): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let used = 0;
  let heading: { line: T; h: number } | null = null;
  lines.forEach((l, i) => {
    const h = heights[i] ?? 0;
    const need = l.kind === "group" ? h + (heights[i + 1] ?? 0) : h;
    const onlyItsHeading = cur.length === 1 && cur[0].kind === "group" && l.kind === "item";
    if (cur.length && !onlyItsHeading && used + need > avail) {
      out.push(cur);
      cur = [];
      used = 0;
      if (l.kind === "item" && heading) {
        cur.push(continued(heading.line));
        used += heading.h;
      }
    }
    if (l.kind === "group") heading = { line: l, h };
    cur.push(l);
    used += h;
  });
  if (cur.length) out.push(cur);
  return out;
}
