import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

// Headers that describe one hop of a connection, not the message: never forwarded.
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

/**
 * Forwards `/api/<prefix>/…` to the upstream service with the prefix removed, streaming the answer
 * (server-sent events included) so the browser talks to one origin only. Bodies pass through
 * untouched: validation and its problem documents are the upstream's.
 */
export function registerProxy(app: FastifyInstance, prefix: string, upstream: string): void {
  const mount = `/api/${prefix}`;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.slice(mount.length) || '/';
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || hopByHop.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    headers.set('x-forwarded-prefix', mount);
    const aborted = new AbortController();
    // The response's socket closing before it finished means the browser went away (an SSE tab
    // closed): stop reading upstream. (The request's own 'close' fires as soon as its body is read.)
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) aborted.abort();
    });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== undefined;
    let upstreamAnswer: Response;
    try {
      upstreamAnswer = await fetch(`${upstream}${path}`, {
        method: request.method,
        headers,
        body: hasBody ? (request.body as Buffer) : undefined,
        redirect: 'manual',
        signal: aborted.signal,
      });
    } catch (error) {
      return reply
        .code(502)
        .type('application/problem+json')
        .send({
          type: 'https://bishan.example/problems/upstream-unavailable',
          title: 'service unavailable',
          status: 502,
          detail: `${prefix} service did not answer: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
        });
    }
    reply.code(upstreamAnswer.status);
    upstreamAnswer.headers.forEach((value, name) => {
      // fetch has already decoded the body, so its encoding and length no longer apply.
      if (hopByHop.has(name) || name === 'content-encoding') return;
      reply.header(name, value);
    });
    if (!upstreamAnswer.body) return reply.send();
    return reply.send(Readable.fromWeb(upstreamAnswer.body as import('node:stream/web').ReadableStream));
  };
  app.all(mount, forward);
  app.all(`${mount}/*`, forward);
}
