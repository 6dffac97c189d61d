import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  it('gives each person at most the cap, and a slot back once however often it is released', () => {
    const slots = new StreamSlots(2);
    const first = slots.take('a');
    const second = slots.take('a');
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.take('a')).toBeNull();
    // Another person has slots of their own.
    expect(slots.take('b')).not.toBeNull();
    first?.();
    first?.();
    expect(slots.held('a')).toBe(1);
    expect(slots.take('a')).not.toBeNull();
    expect(slots.take('a')).toBeNull();
  });
});
