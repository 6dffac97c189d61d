import type { Rate } from './kpi-query';

/** What a bar needs of a KPI row (reports.tsx `KpiRow`). */
interface RatedRow {
  group: string | null;
  figures: { onTimeCompletionRate: Rate; satisfactionRate: Rate };
}

/** One bar pair of a chart by group: a town, a department, or a village or town that handled cases itself. */
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

/**
 * The department chart's bars: district departments by name. The reporting groups only cases a
 * department handled by department; one it does not know by name (an edit not yet loaded) is left out
 * rather than shown by its id.
 */
export function departmentBars(rows: readonly RatedRow[], departmentName: ReadonlyMap<string, string>): RateBar[] {
  return rows.flatMap((row) => {
    const name = row.group === null ? undefined : departmentName.get(row.group);
    return name === undefined ? [] : [barOf(row, name)];
  });
}

/**
 * The bars of the villages and towns that handled cases themselves (分级办理), by name: the
 * reporting names each `village:<id>` or `town:<id>`.
 */
export function localUnitBars(rows: readonly RatedRow[], names: { town(id: string): string; village(id: string): string }): RateBar[] {
  return rows.flatMap((row) => {
    const match = /^(village|town):(.+)$/.exec(row.group ?? '');
    if (!match?.[2]) return [];
    return [barOf(row, match[1] === 'village' ? names.village(match[2]) : names.town(match[2]))];
  });
}
