import { quietHoursEnd } from './quiet-hours';

// Instants are written in Beijing time (+08:00), as the quiet hours are.
const at = (local: string) => new Date(`${local}+08:00`);

describe('quietHoursEnd', () => {
  const night = { start: '22:00', end: '07:30' };

  it('defers until the morning when the window spans midnight, on either side of it', () => {
    expect(quietHoursEnd(at('2026-11-27T23:15:00'), night)).toEqual(at('2026-11-28T07:30:00'));
    expect(quietHoursEnd(at('2026-11-28T03:00:00'), night)).toEqual(at('2026-11-28T07:30:00'));
    expect(quietHoursEnd(at('2026-11-28T22:00:00'), night)).toEqual(at('2026-11-29T07:30:00'));
  });

  it('lets messages through outside the window, the end minute included', () => {
    expect(quietHoursEnd(at('2026-11-28T07:30:00'), night)).toBeNull();
    expect(quietHoursEnd(at('2026-11-28T21:59:59'), night)).toBeNull();
  });

  it('handles a daytime window and treats an empty one as none', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(quietHoursEnd(at('2026-11-27T13:00:00'), lunch)).toEqual(at('2026-11-27T14:00:00'));
    expect(quietHoursEnd(at('2026-11-27T14:00:00'), lunch)).toBeNull();
    expect(quietHoursEnd(at('2026-11-27T13:00:00'), { start: '08:00', end: '08:00' })).toBeNull();
    expect(quietHoursEnd(at('2026-11-27T13:00:00'), null)).toBeNull();
  });

  it('uses Beijing time whatever the UTC date is', () => {
    // 2026-11-27T17:00Z is 01:00 on the 28th in Bishan.
    expect(quietHoursEnd(new Date('2026-11-27T17:00:00Z'), night)).toEqual(new Date('2026-11-27T23:30:00Z'));
  });
});
