import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions, maskPhone, redactQuery, scrubText } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino(loggerOptions('info'), stream), text: () => lines.join('') };
}

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';

describe('the services’ logger', () => {
  it('redacts declared fields wherever they sit', () => {
    const { logger, text } = capture();
    logger.info({ req: { headers: { authorization: `Bearer ${token}` } }, delivery: { phone: '13912345678', api_key: 'k-1' } }, 'x');
    expect(text()).not.toContain(token);
    expect(text()).not.toContain('13912345678');
    expect(text()).not.toContain('k-1');
    expect(text()).toContain('[redacted]');
  });

  it('scrubs query strings, tokens, ID-card and phone numbers out of messages and errors', () => {
    const { logger, text } = capture();
    logger.info(`GET /open311/v2/requests.json?api_key=${token}&status=open failed`);
    logger.error(new Error(`stream /notifications/stream?access_token=abc.def.ghi refused for 500101199001011234 at +86 13912345678`));
    const written = text();
    for (const secret of [token, 'abc.def.ghi', '500101199001011234', '13912345678']) expect(written).not.toContain(secret);
    expect(written).toContain('api_key=[redacted]&status=[redacted]');
    expect(written).toContain('861********78');
  });

  it('masks and redacts by rule', () => {
    expect(maskPhone('13912345678')).toBe('139******78');
    expect(maskPhone('+86 139-1234-5678')).toBe('861********78');
    expect(redactQuery('/a?x=1&y')).toBe('/a?x=[redacted]&y');
    expect(scrubText('no secrets here')).toBe('no secrets here');
  });
});
