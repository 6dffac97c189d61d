import { isPublicAddress, resolvedAddressProblem, webhookUrlProblem, type WebhookPolicy } from './webhook-target';

const robots: WebhookPolicy = { allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'], allowLoopback: false };

describe('webhookUrlProblem', () => {
  it('accepts https to an allowed robot host', () => {
    expect(webhookUrlProblem('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', robots)).toBeNull();
    expect(webhookUrlProblem('https://OAPI.dingtalk.com/robot/send?access_token=t', robots)).toBeNull();
  });

  it.each([
    ['plain http', 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
    ['another host', 'https://evil.example/hook'],
    ['a look-alike host', 'https://qyapi.weixin.qq.com.evil.example/hook'],
    ['credentials', 'https://user:pw@qyapi.weixin.qq.com/hook'],
    ['loopback when not allowed', 'http://127.0.0.1:8080/hook'],
    ['a private address', 'https://10.0.0.5/hook'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s', (_name, url) => {
    expect(webhookUrlProblem(url, robots)).not.toBeNull();
  });

  it('lets a test reach a loopback receiver only when loopback is allowed', () => {
    const tests = { ...robots, allowLoopback: true };
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', tests)).toBeNull();
    expect(webhookUrlProblem('http://[::1]:8080/hook', tests)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5/hook', tests)).not.toBeNull();
  });
});

describe('addresses after DNS resolution', () => {
  it.each(['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1'])(
    '%s is not public',
    (address) => expect(isPublicAddress(address)).toBe(false),
  );

  it.each(['101.91.22.57', '203.119.169.10', '2408:8000::1'])('%s is public', (address) => expect(isPublicAddress(address)).toBe(true));

  it('refuses a host when any of its addresses is private, and loopback unless allowed', () => {
    expect(resolvedAddressProblem('qyapi.weixin.qq.com', ['101.91.22.57'], robots)).toBeNull();
    expect(resolvedAddressProblem('qyapi.weixin.qq.com', ['101.91.22.57', '10.0.0.1'], robots)).toMatch(/10\.0\.0\.1/);
    expect(resolvedAddressProblem('localhost', ['127.0.0.1'], robots)).toMatch(/private or reserved/);
    expect(resolvedAddressProblem('localhost', ['127.0.0.1'], { ...robots, allowLoopback: true })).toBeNull();
  });
});
