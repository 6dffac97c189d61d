import { LoggingSmsProvider } from './sms.channel';

describe('LoggingSmsProvider', () => {
  it('logs a masked number and not the text, and keeps nothing', async () => {
    const lines: string[] = [];
    const provider = new LoggingSmsProvider({ log: (message: unknown) => void lines.push(String(message)) });
    await provider.send('13912345678', '您反映的诉求 C-1 已办结, 请评价');
    expect(lines).toEqual(['SMS to 139******78 (19 characters), not sent: no gateway is configured']);
    expect(Object.values(provider).some((value) => Array.isArray(value))).toBe(false);
  });
});
