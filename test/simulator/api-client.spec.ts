import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api-client';

describe('ApiClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method?: string; url?: string; headers: IncomingHttpHeaders }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method, url: request.url, headers: request.headers });
      request.resume();
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/auth/dev-login' ? JSON.stringify({ accessToken: 't' }) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const person = { id: 'dengfeng-secretary', role: 'village-secretary' };

  it('times logging in apart from the writes and reads it measures', async () => {
    const api = new ApiClient(baseUrl);
    await api.post(person, '/cases', 'raiseCase', {});
    await api.get(person, '/cases/c', 'getCase');
    expect(api.logins.count).toBe(1);
    expect(api.writes.count).toBe(1);
    expect(api.reads.count).toBe(1);
  });

  it('sends the extra headers of a read, with its token', async () => {
    const api = new ApiClient(baseUrl);
    seen.length = 0;
    await api.get(person, '/cases/c', 'getCase', { 'x-min-event-seq': '4' });
    const read = seen.find((r) => r.url === '/cases/c');
    expect(read?.headers['x-min-event-seq']).toBe('4');
    expect(read?.headers['authorization']).toBe('Bearer t');
  });
});
