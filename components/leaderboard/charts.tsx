"use client";

// The leaderboard's charts, drawn with recharts' SVG primitives (Surface, Layer, Curve, Dot) at a
// fixed size from precomputed scales. They need no measuring and no effects, so the server renders them
// completely into the HTML (recharts' chart containers render nothing on the server in v3; see
// docs/decisions/061-leaderboard-rendering.md). Tooltips are SVG <title>s; every number is also in the table or
// the API.
import type { ReactNode } from "react";
import { Curve, Dot, Layer, Surface } from "recharts";
import { countColor, formatDay, formatTime, linearScale, SERIES_COLORS, textOn, winFractionColor } from "./chart-scales";

const AXIS_TEXT = "fill-slate-700 dark:fill-slate-300";
const GRID = "stroke-slate-200 dark:stroke-slate-700";

function ChartFrame({ label, children, width }: { label: string; children: ReactNode; width: number }) {
  return (
    // Fixed-size SVG; narrow screens scroll it sideways (a focusable region, so keyboards can too).
    <div role="region" aria-label={`${label} (scrollable)`} tabIndex={0} className="overflow-x-auto rounded-md focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
      <div style={{ width }}>{children}</div>
    </div>
  );
}

export interface IntervalPoint {
  modelId: string;
  name: string;
  rating: number;
  q025: number;
  q975: number;
}

function IntervalsSvg({ points, label, width, left, nameLength, ticks }: { points: IntervalPoint[]; label: string; width: number; left: number; nameLength: number; ticks: number }) {
  const right = 16;
  const top = 30;
  const row = 22;
  const height = top + points.length * row + 12;
  const lo = Math.min(...points.map((p) => p.q025));
  const hi = Math.max(...points.map((p) => p.q975));
  const x = linearScale(lo, hi, left, width - right, ticks);
  return (
    <Surface width={width} height={height} role="img" aria-label={label} title={label} desc="Dots are ratings; whiskers are 95% bootstrap intervals." className="text-xs">
      {x.ticks.map((t) => (
        <Layer key={t}>
          <line x1={x(t)} x2={x(t)} y1={top - 6} y2={height - 8} className={GRID} />
          <text x={x(t)} y={top - 12} textAnchor="middle" className={AXIS_TEXT}>
            {t}
          </text>
        </Layer>
      ))}
      {/* Attributes on the groups, not on each of the (up to hundreds of) elements, to keep the page small. */}
      <Layer className={AXIS_TEXT} textAnchor="end">
        {points.map((p, i) => (
          <text key={p.modelId} x={left - 8} y={top + i * row + row / 2 + 4}>
            {p.name.length > nameLength ? `${p.name.slice(0, nameLength - 1)}…` : p.name}
          </text>
        ))}
      </Layer>
      <Layer className="stroke-indigo-600 dark:stroke-indigo-300" strokeWidth={2} fill="none">
        {points.map((p, i) => {
          const y = top + i * row + row / 2;
          const [a, b] = [x(p.q025).toFixed(1), x(p.q975).toFixed(1)];
          return <path key={p.modelId} d={`M${a} ${y - 5}V${y + 5}M${a} ${y}H${b}M${b} ${y - 5}V${y + 5}`} />;
        })}
      </Layer>
      <Layer className="fill-slate-900 dark:fill-white">
        {points.map((p, i) => (
          <Dot key={p.modelId} cx={Number(x(p.rating).toFixed(1))} cy={top + i * row + row / 2} r={4.5} />
        ))}
      </Layer>
    </Surface>
  );
}

/** Each model's rating with its 95% interval as a whisker, best first; a narrower drawing on phones. */
export function RatingIntervalsChart({ points, label }: { points: IntervalPoint[]; label: string }) {
  return (
    <>
      <div className="sm:hidden">
        <IntervalsSvg points={points} label={label} width={360} left={120} nameLength={17} ticks={4} />
      </div>
      <div className="hidden sm:block">
        <ChartFrame label={label} width={760}>
          <IntervalsSvg points={points} label={label} width={760} left={210} nameLength={30} ticks={6} />
        </ChartFrame>
      </div>
    </>
  );
}

export interface HeatmapProps {
  label: string;
  description: string;
  names: string[];
  /** values[i][j] for row model i against column model j; null where not shown. */
  values: (number | null)[][];
  kind: "fraction" | "count";
  /** Battles per pair, for the tooltips. */
  battles: number[][];
}

/** A square matrix of the models (rows against columns), coloured and labelled per cell. */
export function PairHeatmap({ label, description, names, values, kind, battles }: HeatmapProps) {
  const n = names.length;
  const cell = n <= 12 ? 40 : 30;
  const size = cell - 1;
  const left = 190;
  const top = 150;
  // Room on the right for the last column labels, which lean to the upper right.
  const width = left + n * cell + 130;
  const height = top + n * cell + 16;
  const max = Math.max(1, ...values.flat().map((v) => v ?? 0));
  const short = (name: string) => (name.length > 26 ? `${name.slice(0, 25)}…` : name);
  const colorOf = (value: number) => (kind === "fraction" ? winFractionColor(value) : countColor(value, max));
  const text = (value: number) => (kind === "fraction" ? value.toFixed(2) : value >= 10_000 ? `${Math.round(value / 1000)}k` : String(value));
  const rowTitle = (i: number) => {
    const total = battles[i].reduce((sum, b) => sum + b, 0);
    return `${names[i]} (row): ${total} battles with the models shown`;
  };
  return (
    <ChartFrame label={label} width={width}>
      <Surface width={width} height={height} role="img" aria-label={label} title={label} desc={description} className="text-[11px]">
        <Layer className={AXIS_TEXT}>
          <Layer textAnchor="end">
            {names.map((name, i) => (
              <text key={i} x={left - 8} y={top + i * cell + cell / 2 + 4}>
                {short(name)}
              </text>
            ))}
          </Layer>
          {names.map((name, j) => (
            <text key={j} transform={`translate(${left + j * cell + cell / 2 + 4},${top - 8})rotate(-50)`}>
              {short(name)}
            </text>
          ))}
        </Layer>
        {/* Cells in a translated group with integer coordinates; one tooltip per row. */}
        <Layer transform={`translate(${left},${top})`}>
          {values.map((rowValues, i) => (
            <Layer key={i}>
              <title>{rowTitle(i)}</title>
              {rowValues.map((value, j) =>
                value === null ? (
                  <rect key={j} x={j * cell} y={i * cell} width={size} height={size} className="fill-slate-200 dark:fill-slate-700" />
                ) : (
                  <rect key={j} x={j * cell} y={i * cell} width={size} height={size} fill={colorOf(value)} />
                ),
              )}
            </Layer>
          ))}
          <Layer textAnchor="middle" fontSize={cell >= 40 ? 11 : 9} fill="#0f172a" pointerEvents="none">
            {values.flatMap((rowValues, i) =>
              rowValues.map((value, j) => {
                if (value === null) return null;
                const color = textOn(colorOf(value));
                return (
                  <text key={`${i}-${j}`} x={j * cell + size / 2} y={i * cell + cell / 2 + 3} fill={color === "#0f172a" ? undefined : color}>
                    {text(value)}
                  </text>
                );
              }),
            )}
          </Layer>
        </Layer>
      </Surface>
    </ChartFrame>
  );
}

export interface HistorySeries {
  modelId: string;
  name: string;
  points: { finishedAt: string; rating: number }[];
}

/** Ratings of the top models across the stored runs. */
export function RatingHistoryChart({ series, label }: { series: HistorySeries[]; label: string }) {
  const width = 760;
  const height = 300;
  const margin = { left: 56, right: 20, top: 16, bottom: 36 };
  const times = series.flatMap((s) => s.points.map((p) => Date.parse(p.finishedAt)));
  const ratings = series.flatMap((s) => s.points.map((p) => p.rating));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const tx = (t: number) => (t1 === t0 ? (margin.left + width - margin.right) / 2 : margin.left + ((t - t0) / (t1 - t0)) * (width - margin.left - margin.right));
  const y = linearScale(Math.min(...ratings), Math.max(...ratings), height - margin.bottom, margin.top, 5);
  const distinct = [...new Set(series.flatMap((s) => s.points.map((p) => p.finishedAt)))].sort();
  const step = Math.max(1, Math.ceil(distinct.length / 6));
  const xTicks = distinct.filter((_, i) => i % step === 0);
  // Runs within two days of each other are told apart by the time of day.
  const tickText = t1 - t0 < 2 * 86_400_000 ? (iso: string) => formatTime(iso).split(", ")[1] : formatDay;
  const anchor = (iso: string) => (tx(Date.parse(iso)) < margin.left + 40 ? "start" : tx(Date.parse(iso)) > width - margin.right - 40 ? "end" : "middle");
  return (
    <div>
      <ChartFrame label={label} width={width}>
        <Surface width={width} height={height} role="img" aria-label={label} title={label} desc="One line per model; one point per rating run." className="text-xs">
          {y.ticks.map((t) => (
            <Layer key={t}>
              <line x1={margin.left} x2={width - margin.right} y1={y(t)} y2={y(t)} className={GRID} />
              <text x={margin.left - 8} y={y(t) + 4} textAnchor="end" className={AXIS_TEXT}>
                {t}
              </text>
            </Layer>
          ))}
          {xTicks.map((iso) => (
            <text key={iso} x={tx(Date.parse(iso))} y={height - margin.bottom + 18} textAnchor={anchor(iso)} className={AXIS_TEXT}>
              {tickText(iso)}
            </text>
          ))}
          {series.map((s, k) => {
            const color = SERIES_COLORS[k % SERIES_COLORS.length];
            const points = s.points.map((p) => ({ x: tx(Date.parse(p.finishedAt)), y: y(p.rating) }));
            return (
              <Layer key={s.modelId}>
                <title>{`${s.name}: ${s.points.map((p) => p.rating.toFixed(0)).join(", ")}`}</title>
                <Curve type="linear" points={points} stroke={color} strokeWidth={2} fill="none" />
                {points.map((p, i) => (
                  <Dot key={i} cx={p.x} cy={p.y} r={3} fill={color} />
                ))}
              </Layer>
            );
          })}
        </Surface>
      </ChartFrame>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Legend">
        {series.map((s, k) => (
          <li key={s.modelId} className="flex items-center gap-1.5">
            <span aria-hidden="true" className="inline-block h-0.5 w-5" style={{ backgroundColor: SERIES_COLORS[k % SERIES_COLORS.length], height: 3 }} />
            {s.name}
          </li>
        ))}
      </ul>
    </div>
  );
}
