// Period strings for the 统计 screen, computed from the app's `now` (RFC 3339, +08:00).

/** ISO week-numbering year and week of a calendar date. */
export function isoWeek(y: number, m: number, d: number): [number, number] {
  const t = new Date(Date.UTC(y, m - 1, d));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const start = Date.UTC(t.getUTCFullYear(), 0, 1);
  return [t.getUTCFullYear(), Math.ceil(((t.getTime() - start) / 86400000 + 1) / 7)];
}

/** 本周 / 本月 / 本季度 / 本年 as period strings the shell parses. */
export function presets(now: string): { label: string; period: string }[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(now);
  if (!m) return [];
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [wy, w] = isoWeek(y, mo, d);
  return [
    { label: "本周", period: `${wy}-W${String(w).padStart(2, "0")}` },
    { label: "本月", period: `${y}-${m[2]}` },
    { label: "本季度", period: `${y}-Q${Math.floor((mo - 1) / 3) + 1}` },
    { label: "本年", period: `${y}` },
  ];
}

/** A rate (0–1) as 87.5%, or — when there is no denominator. */
export function pct(r: number | null | undefined): string {
  return r === null || r === undefined ? "—" : `${(r * 100).toFixed(1)}%`;
}
