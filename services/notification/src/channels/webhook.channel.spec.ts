import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPolicy } from '../webhooks/webhook-target';
import { WebhookChannel, webhookPayload } from './webhook.channel';

/** The test's receiver listens on loopback, which only this switch lets a post reach. */
const loopbackAllowed: WebhookPolicy = { allowedHosts: [], allowLoopback: true };

describe('webhookPayload', () => {
  it('speaks markdown in each robot’s own field names', () => {
    expect(webhookPayload('wecom', '升级督办', '诉求 C-1 已升级')).toEqual({
      msgtype: 'markdown',
      markdown: { content: '### 升级督办\n诉求 C-1 已升级' },
    });
    expect(webhookPayload('dingtalk', '升级督办', '诉求 C-1 已升级')).toEqual({
      msgtype: 'markdown',
      markdown: { title: '升级督办', text: '### 升级督办\n诉求 C-1 已升级' },
    });
  });
});

describe('WebhookChannel against a local receiver', () => {
  let server: Server;
  let url: string;
  const answers: { status: number; body: string; headers?: Record<string, string> }[] = [];
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(body));
        const answer = answers.shift() ?? { status: 200, body: '{"errcode":0}' };
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const delivery = () => ({
    id: 'd1',
    channel: 'webhook:dingtalk',
    target: url,
    subject: '督办',
    body: '诉求 C-1',
  });

  it('posts the JSON and accepts a 2xx answer with errcode 0', async () => {
    await new WebhookChannel('dingtalk', loopbackAllowed).send(delivery());
    expect(received.at(-1)).toEqual({
      msgtype: 'markdown',
      markdown: { title: '督办', text: '### 督办\n诉求 C-1' },
    });
  });

  it('fails on an error status and on a 200 that carries a non-zero errcode', async () => {
    answers.push(
      { status: 502, body: 'bad gateway' },
      { status: 200, body: '{"errcode":310000,"errmsg":"keywords not in content"}' },
    );
    // The answer's text is never kept: errors are stored and shown.
    await expect(new WebhookChannel('dingtalk', loopbackAllowed).send(delivery())).rejects.toThrow(
      /^webhook answered 502$/,
    );
    await expect(new WebhookChannel('dingtalk', loopbackAllowed).send(delivery())).rejects.toThrow(
      /^webhook refused the post: errcode 310000$/,
    );
  });

  it('follows no redirect', async () => {
    const before = received.length;
    answers.push({ status: 302, body: '', headers: { location: `${url}-elsewhere` } });
    await expect(new WebhookChannel('dingtalk', loopbackAllowed).send(delivery())).rejects.toThrow(
      'webhook answered 302: redirects are not followed',
    );
    expect(received.length).toBe(before + 1);
  });

  it('refuses loopback unless allowed, also when a name resolves to it', async () => {
    const robotsOnly: WebhookPolicy = { allowedHosts: ['localhost'], allowLoopback: false };
    const before = received.length;
    await expect(new WebhookChannel('dingtalk', robotsOnly).send(delivery())).rejects.toThrow(/webhook target refused/);
    const port = new URL(url).port;
    // https to an allowed name: refused only once the name resolves to 127.0.0.1.
    await expect(
      new WebhookChannel('dingtalk', robotsOnly).send({ ...delivery(), target: `https://localhost:${port}/robot` }),
    ).rejects.toThrow(/resolved to (127\.0\.0\.1|::1), a private or reserved address/);
    expect(received.length).toBe(before);
  });
});
