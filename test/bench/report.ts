import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LatencySummary } from '../simulator/latency';

export interface Row {
  id: string;
  measure: string;
  value: string;
  goal: string;
  /** null when the goal does not apply or the measure could not be taken. */
  met: boolean | null;
}

/** A size as the bench's tables and logs give it: whole mebibytes ('n/a' when not measured). */
export function mib(bytes: number | null): string {
  return bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/** A small size (per case, per open case) in kibibytes, one decimal. */
export function kib(bytes: number): string {
  return `${(bytes / 2 ** 10).toFixed(1)} KiB`;
}

export function formatTable(rows: Row[]): string {
  const headers = ['', 'measure', 'value', 'goal', 'met'];
  const cells = rows.map((r) => [
    r.id,
    r.measure,
    r.value,
    r.goal,
    r.met === null ? '—' : r.met ? 'yes' : 'NO',
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** Markdown, for pasting the latest full run into the README. */
export function formatMarkdown(rows: Row[], machine: string): string {
  return [
    `Machine: ${machine}`,
    '',
    '| | measure | value | goal | met |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.measure} | ${r.value} | ${r.goal} | ${r.met === null ? '—' : r.met ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart as inline SVG: one bar per item, an optional goal mark per item. */
function barChart(
  title: string,
  unit: string,
  items: { label: string; value: number | null; goal?: number }[],
): string {
  // A part of the run that did not measure it (--part) draws no chart for it.
  if (items.length === 0) return '';
  const width = 640;
  const rowHeight = 26;
  const left = 190;
  const max = Math.max(1e-9, ...items.flatMap((i) => [i.value ?? 0, i.goal ?? 0])) * 1.1;
  const scale = (v: number) => ((width - left - 60) * v) / max;
  const rows = items
    .map((item, n) => {
      const y = 30 + n * rowHeight;
      const bar =
        item.value === null
          ? ''
          : `<rect x="${left}" y="${y}" width="${scale(item.value).toFixed(1)}" height="16" fill="#4c78a8"/>`;
      const goal =
        item.goal === undefined
          ? ''
          : `<line x1="${left + scale(item.goal)}" x2="${left + scale(item.goal)}" y1="${y - 3}" y2="${y + 19}" stroke="#e45756" stroke-width="2"/>`;
      const text = item.value === null ? 'n/a' : `${item.value.toFixed(item.value < 10 ? 2 : 0)} ${unit}`;
      return `<text x="${left - 8}" y="${y + 12}" text-anchor="end" font-size="12">${escape(item.label)}</text>${bar}${goal}<text x="${left + (item.value === null ? 0 : scale(item.value)) + 6}" y="${y + 12}" font-size="12">${escape(text)}</text>`;
    })
    .join('');
  const height = 40 + items.length * rowHeight;
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif"><text x="0" y="16" font-size="14" font-weight="bold">${escape(title)}</text>${rows}</svg></figure>`;
}

export interface ChartData {
  baselineLevels: { concurrency: number; perSecond: number }[];
  ladder: { rate: number; completedPerS: number; passed: boolean }[];
  /** R4's latencies; null in a run without the load part (`--part pending`). */
  latency: { writes: LatencySummary; reads: LatencySummary } | null;
  /** CPU ms per case at R4's load and per bare workflow at B's level, by process. */
  cpuPerCase: Record<string, number | null>;
  cpuPerBareWorkflow: Record<string, number | null>;
  lateness: { label: string; p99: number | null; goal: number }[];
  ratios: { label: string; value: number | null; goal: number }[];
  rss: Record<string, number | null>;
}

export function writeResults(
  dir: string,
  stamp: string,
  json: unknown,
  rows: Row[],
  charts: ChartData,
  machine: string,
): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const jsonFile = path.join(dir, `bench-${stamp}.json`);
  const htmlFile = path.join(dir, `bench-${stamp}.html`);
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  const table = `<table border="1" cellpadding="4" cellspacing="0"><tr><th></th><th>measure</th><th>value</th><th>goal</th><th>met</th></tr>${rows
    .map(
      (r) =>
        `<tr><td>${escape(r.id)}</td><td>${escape(r.measure)}</td><td>${escape(r.value)}</td><td>${escape(r.goal)}</td><td>${r.met === null ? '—' : r.met ? 'yes' : '<b>no</b>'}</td></tr>`,
    )
    .join('')}</table>`;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>bench ${escape(stamp)}</title></head><body style="font-family:sans-serif">
<h1>Benchmark ${escape(stamp)}</h1><p>${escape(machine)}</p>${table}
${barChart(
  'B: bare workflows/s at each concurrency level',
  '/s',
  charts.baselineLevels.map((l) => ({ label: `${l.concurrency} in flight`, value: l.perSecond })),
)}
${barChart(
  "CPU ms per case at R4's load, by process",
  'ms',
  Object.entries(charts.cpuPerCase).map(([name, v]) => ({ label: name, value: v })),
)}
${barChart(
  "CPU ms per bare workflow at B's level, by process",
  'ms',
  Object.entries(charts.cpuPerBareWorkflow).map(([name, v]) => ({ label: name, value: v })),
)}
${barChart(
  'R3 ladder: completed cases/s at each offered rate (red: offered)',
  '/s',
  charts.ladder.map((s) => ({
    label: `${s.rate}/s offered${s.passed ? '' : ' (failed)'}`,
    value: s.completedPerS,
    goal: s.rate,
  })),
)}
${barChart(
  'R4 API latency p99 (red: goal)',
  'ms',
  charts.latency
    ? [
        { label: 'writes p99', value: charts.latency.writes.p99, goal: 150 },
        { label: 'reads p99', value: charts.latency.reads.p99, goal: 30 },
      ]
    : [],
)}
${barChart(
  'R5 deadline lateness p99 (red: goal)',
  'ms',
  charts.lateness.map((l) => ({ label: l.label, value: l.p99, goal: l.goal })),
)}
${barChart('Ratios (red: goal)', '', charts.ratios)}
${barChart(
  'Resident set size per service',
  'MiB',
  Object.entries(charts.rss).map(([k, v]) => ({ label: k, value: v === null ? null : v / 2 ** 20 })),
)}
</body></html>
`;
  writeFileSync(htmlFile, html);
  return { json: jsonFile, html: htmlFile };
}
