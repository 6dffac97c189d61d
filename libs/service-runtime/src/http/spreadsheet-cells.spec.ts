import { csvField, neutraliseFormula } from './spreadsheet-cells';

describe('spreadsheet cells', () => {
  it('turns text a spreadsheet would run into text', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${lead}1+1`)).toBe(`'${lead}1+1`);
    expect(neutraliseFormula('道路保洁 = 1')).toBe('道路保洁 = 1');
  });

  it('quotes a CSV field only when it must, and writes nothing for no value', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('=SUM(A1:A2),x')).toBe(`"'=SUM(A1:A2),x"`);
    expect(csvField(new Date('2025-03-01T00:00:00Z'))).toBe('2025-03-01T00:00:00.000Z');
    expect(csvField(0.895)).toBe('0.895');
    expect([csvField(null), csvField(undefined)]).toEqual(['', '']);
    expect(csvField('线路杂乱, "不安全"')).toBe('"线路杂乱, ""不安全"""');
    expect(csvField('第一行\n第二行')).toBe('"第一行\n第二行"');
  });
});
