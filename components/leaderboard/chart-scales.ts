// Scales, ticks and colours for the leaderboard charts (pure; unit-tested).

export interface LinearScale {
  (value: number): number;
  domain: [number, number];
  ticks: number[];
}

/** Round tick steps (1, 2, 5 × 10^k) covering [min, max] with about `count` ticks. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = first; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toFixed(10)));
  return ticks;
}

/** Maps [d0, d1], widened to the nearest round ticks, onto [r0, r1]. */
export function linearScale(d0: number, d1: number, r0: number, r1: number, tickCount = 5): LinearScale {
  const rough = niceTicks(d0, d1, tickCount);
  const step = rough.length > 1 ? rough[1] - rough[0] : 1;
  const low = Math.floor(Math.min(d0, d1) / step + 1e-9) * step;
  const high = Math.max(Math.ceil(Math.max(d0, d1) / step - 1e-9) * step, low + step);
  const scale = ((value: number) => r0 + ((value - low) / (high - low)) * (r1 - r0)) as LinearScale;
  scale.domain = [low, high];
  scale.ticks = [];
  for (let i = 0; low + i * step <= high + step * 1e-9; i++) scale.ticks.push(Number((low + i * step).toFixed(10)));
  return scale;
}

type Rgb = [number, number, number];

function hex(color: string): Rgb {
  const n = parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * t)) as Rgb;
}

function toHex([r, g, b]: Rgb): string {
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

const RED = hex("#b2182b");
const WHITE = hex("#f7f7f7");
const BLUE = hex("#2166ac");
const PALE = hex("#eff6ff");
const DEEP = hex("#08306b");

/** Diverging red (0) – white (0.5) – blue (1), ColorBrewer RdBu ends. */
export function winFractionColor(fraction: number): string {
  const t = Math.min(1, Math.max(0, fraction));
  return toHex(t < 0.5 ? mix(RED, WHITE, t / 0.5) : mix(WHITE, BLUE, (t - 0.5) / 0.5));
}

/** Sequential pale to deep blue; square-root scaled so small counts stay visible. */
export function countColor(count: number, max: number): string {
  const t = max > 0 ? Math.sqrt(Math.min(1, Math.max(0, count / max))) : 0;
  return toHex(mix(PALE, DEEP, t));
}

/** Black or white text, whichever contrasts more with the cell colour. */
export function textOn(background: string): string {
  const l = luminance(hex(background));
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? "#0f172a" : "#ffffff";
}

/** Line colours of the history chart (distinct, at least 3:1 against white). */
export const SERIES_COLORS = ["#1d4ed8", "#b91c1c", "#15803d", "#b45309", "#7e22ce", "#0e7490", "#be185d", "#4d7c0f", "#4338ca", "#0f766e"];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "30 Nov 2026" in UTC (the same on the server and in every browser). */
export function formatDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "30 Nov 2026, 14:05 UTC". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return `${formatDay(iso)}, ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}
