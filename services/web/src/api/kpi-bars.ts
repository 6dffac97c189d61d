import type { Rate } from './kpi-query';

/** What a bar needs of a KPI row (reports.tsx `KpiRow`). */
interface RatedRow {
  group: string | null;
  figures: { onTimeCompletionRate: Rate; satisfactionRate: Rate };
}

/** One bar pair of a chart by group: a town, a department, or all village and town handling together. */
export interface RateBar {
  name: string;
  onTime: Rate;
  satisfaction: Rate;
}

export const barOf = (row: RatedRow, name: string): RateBar => ({
  name,
  onTime: row.figures.onTimeCompletionRate,
  satisfaction: row.figures.satisfactionRate,
});

/** Rates of several groups as one: their counts added up. */
export function sumRates(rates: readonly Rate[]): Rate {
  const numerator = rates.reduce((sum, rate) => sum + rate.numerator, 0);
  const denominator = rates.reduce((sum, rate) => sum + rate.denominator, 0);
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/**
 * The department chart's bars: departments by name, then one bar for the cases a village or town
 * handled. The reporting groups those by their handling unit, the village's or town's id, among the
 * departments; the chart by town shows them town by town.
 */
export function departmentBars(rows: readonly RatedRow[], departmentName: ReadonlyMap<string, string>, localName: string): RateBar[] {
  const bars: RateBar[] = [];
  const local: RatedRow[] = [];
  for (const row of rows) {
    if (row.group === null) continue;
    const name = departmentName.get(row.group);
    if (name === undefined) local.push(row);
    else bars.push(barOf(row, name));
  }
  if (local.length === 0) return bars;
  return [
    ...bars,
    {
      name: localName,
      onTime: sumRates(local.map((row) => row.figures.onTimeCompletionRate)),
      satisfaction: sumRates(local.map((row) => row.figures.satisfactionRate)),
    },
  ];
}
