import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ResidentGroupDeliveryChannel, WebhookResidentGroupChannel } from './resident-group-channel';

const testPolicy = { allowedHosts: ['qyapi.weixin.qq.com'], allowLoopback: true };

describe("the residents' group channel (webhook implementation)", () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  let answer = '{"errcode":0}';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('posts the notice as plain text, never markdown, through the delivery adapter', async () => {
    const channel = new ResidentGroupDeliveryChannel(new WebhookResidentGroupChannel('wecom', testPolicy));
    expect(channel.name).toBe('residents:wecom');
    await channel.send({ id: 'd1', channel: 'residents:wecom', target: url, subject: '办理结果:登凤村', body: '已办理:[链接](http://x)' });
    expect(received).toEqual([{ msgtype: 'text', text: { content: '【办理结果:登凤村】已办理:[链接](http://x)' } }]);
  });

  it('fails when the robot refuses, and refuses a target the policy does not allow', async () => {
    answer = '{"errcode":93000,"errmsg":"invalid webhook url"}';
    const channel = new WebhookResidentGroupChannel('dingtalk', testPolicy);
    await expect(channel.post(url, { title: 't', text: 'x' })).rejects.toThrow('errcode 93000');
    await expect(new WebhookResidentGroupChannel('wecom', { ...testPolicy, allowLoopback: false }).post(url, { title: 't', text: 'x' })).rejects.toThrow(
      'webhook target refused',
    );
  });
});
