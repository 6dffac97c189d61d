import Fastify from 'fastify';
import type { FastifyRequest } from 'fastify';
import { installOpen311FormParser } from '../open311/open311-form-body';
import { bearerTokenOf } from './bearer-auth.guard';

const request = (url: string, body?: unknown, authorization?: string) =>
  ({ url, body, headers: authorization ? { authorization } : {}, query: {} }) as unknown as FastifyRequest;

describe("the case API's bearer token sources", () => {
  it('takes Open311 api_key from the body, never from the query, and only on Open311', () => {
    expect(bearerTokenOf(request('/open311/v2/requests.json', { api_key: 'a.b.c' }))).toBe('a.b.c');
    expect(bearerTokenOf(request('/open311/v2/requests.json?api_key=a.b.c', undefined))).toBeUndefined();
    expect(bearerTokenOf(request('/cases', { api_key: 'a.b.c' }))).toBeUndefined();
    // A header wins, even malformed: it is not replaced by the body's key.
    expect(bearerTokenOf(request('/open311/v2/requests.json', { api_key: 'a.b.c' }, 'Bearer x.y.z'))).toBe('x.y.z');
  });

  it('parses Open311 form bodies (api_key included) and refuses them elsewhere', async () => {
    const app = Fastify();
    installOpen311FormParser(app);
    app.post('/*', async (req) => ({ body: req.body, token: bearerTokenOf(req) ?? null }));
    const post = (url: string, payload: string) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    const form = await post('/open311/v2/requests.json', 'api_key=h.p.s&service_code=%E7%BA%BF%E8%B7%AF%E6%95%B4%E6%B2%BB&lat=29.5');
    expect(form.json()).toEqual({ body: { api_key: 'h.p.s', service_code: '线路整治', lat: '29.5' }, token: 'h.p.s' });
    expect((await post('/open311/v2/requests.json', 'api_key=a&api_key=b')).statusCode).toBe(400);
    expect((await post('/cases', 'description=x')).statusCode).toBe(415);
    await app.close();
  });
});
