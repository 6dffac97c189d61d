import { departmentBars } from './kpi-bars';

const rate = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });
const row = (group: string | null, onTime: [number, number], satisfied: [number, number]) =>
  ({ group, figures: { onTimeCompletionRate: rate(...onTime), satisfactionRate: rate(...satisfied) } });

describe('the department chart', () => {
  const departments = new Map([
    ['power-supply', '区供电公司'],
    ['transport', '区交通局'],
  ]);

  it('names departments and puts the cases of villages and towns in one bar of their own', () => {
    const bars = departmentBars(
      [row('power-supply', [3, 4], [2, 2]), row('hegou', [1, 2], [1, 1]), row('jianlong', [1, 1], [0, 1]), row('transport', [0, 0], [0, 0])],
      departments,
      '村(社区)、镇街办理',
    );
    expect(bars.map((bar) => bar.name)).toEqual(['区供电公司', '区交通局', '村(社区)、镇街办理']);
    expect(bars[2]).toEqual({ name: '村(社区)、镇街办理', onTime: rate(2, 3), satisfaction: rate(1, 2) });
    expect(bars[1]?.onTime.value).toBeNull();
  });

  it('has no village and town bar when no village or town handled a case', () => {
    expect(departmentBars([row('power-supply', [1, 1], [1, 1])], departments, '村镇').map((bar) => bar.name)).toEqual(['区供电公司']);
  });
});
