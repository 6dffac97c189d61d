import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebhookChannel, webhookPayload } from './webhook.channel';

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
  const answers: { status: number; body: string }[] = [];
  const received: unknown[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(body));
        const answer = answers.shift() ?? { status: 200, body: '{"errcode":0}' };
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
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
    await new WebhookChannel('dingtalk').send(delivery());
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
    await expect(new WebhookChannel('dingtalk').send(delivery())).rejects.toThrow(
      'webhook answered 502: bad gateway',
    );
    await expect(new WebhookChannel('dingtalk').send(delivery())).rejects.toThrow(
      'webhook refused the post: errcode 310000 keywords not in content',
    );
  });
});
