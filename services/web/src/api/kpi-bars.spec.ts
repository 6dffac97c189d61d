import { departmentBars, localUnitBars } from './kpi-bars';

const rate = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const row = (group: string | null, onTime: [number, number], satisfied: [number, number]) =>
  ({ group, figures: { onTimeCompletionRate: rate(...onTime), satisfactionRate: rate(...satisfied) } });

describe('the department chart', () => {
  const departments = new Map([
    ['power-supply', '区供电公司'],
    ['transport', '区交通局'],
  ]);

  it('names the district departments only, never an id', () => {
    const bars = departmentBars([row('power-supply', [3, 4], [2, 2]), row('hegou', [1, 2], [1, 1]), row('transport', [0, 0], [0, 0])], departments);
    expect(bars.map((bar) => bar.name)).toEqual(['区供电公司', '区交通局']);
    expect(bars[0]).toEqual({ name: '区供电公司', onTime: rate(3, 4), satisfaction: rate(2, 2) });
    expect(bars[1]?.onTime.value).toBeNull();
  });
});

describe('the chart of villages and towns that handled cases themselves', () => {
  const names = { town: (id: string) => ({ hegou: '河边镇' })[id] ?? id, village: (id: string) => ({ dengfeng: '登凤村' })[id] ?? id };

  it('names each village and town', () => {
    const bars = localUnitBars([row('village:dengfeng', [1, 2], [1, 1]), row('town:hegou', [1, 1], [0, 1]), row('(none)', [5, 5], [5, 5])], names);
    expect(bars).toEqual([
      { name: '登凤村', onTime: rate(1, 2), satisfaction: rate(1, 1) },
      { name: '河边镇', onTime: rate(1, 1), satisfaction: rate(0, 1) },
    ]);
  });
});
