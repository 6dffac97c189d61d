import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problemReply } from './problem-reply';
import type { ConsoleSessions } from './session/console-sessions';
import { csrfMatches } from './session/session-store';

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

// The console's own credentials stay with the console: the upstream gets the session's bearer token.
const consoleOnly = new Set(['cookie', 'x-csrf-token']);

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Upstream paths the console's origin never serves: each service's API description, its metrics,
 * its health report (which names its dependencies and their errors) and, on the case API, its own
 * /auth/* — the development login — which the console replaces with its server-side sign-in.
 * `pathname` is the path the upstream will be asked for, relative to the upstream's base.
 */
export function isBlockedUpstreamPath(prefix: string, pathname: string): boolean {
  // Judged as the upstream's router will see it: percent-escapes decoded, repeated slashes and case folded.
  let bare: string;
  try {
    bare = decodeURIComponent(pathname);
  } catch {
    return true; // a malformed escape has no business upstream
  }
  bare = bare.toLowerCase().replace(/\/{2,}/g, '/');
  if (/^\/(docs|metrics|health)(\/|$|\.|-)/.test(bare)) return true;
  return prefix === 'case' && /^\/auth(\/|$)/.test(bare);
}

/**
 * The URL fetch will request (dot segments resolved, as the WHATWG parser does) and its path below
 * the upstream's base; null when dot segments would climb out of the base.
 */
export function upstreamTarget(upstream: string, path: string): { url: URL; below: string } | null {
  const url = new URL(`${upstream}${path.startsWith('/') ? path : `/${path}`}`);
  const base = new URL(upstream).pathname.replace(/\/$/, '');
  if (!url.pathname.startsWith(`${base}/`) && url.pathname !== base) return null;
  return { url, below: url.pathname.slice(base.length) || '/' };
}


/**
 * Forwards `/api/<prefix>/…` to the upstream service with the prefix removed, streaming the answer
 * (server-sent events included) so the browser talks to one origin only. Bodies pass through
 * untouched: validation and its problem documents are the upstream's.
 *
 * Credentials: a request with its own Authorization header (a program, not the console's pages) is
 * forwarded as it is. Otherwise the session cookie names a console session, whose access token the
 * proxy sends upstream as the bearer token; a write must then carry the session's X-CSRF-Token
 * (403 otherwise), since the browser attaches the cookie to whatever a page sends.
 */
export function registerProxy(app: FastifyInstance, prefix: string, upstream: string, sessions: ConsoleSessions): void {
  const mount = `/api/${prefix}`;
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.slice(mount.length) || '/';
    const target = upstreamTarget(upstream, path);
    if (!target || isBlockedUpstreamPath(prefix, target.below))
      return problemReply(reply, 404, 'not-found', 'not found', `no route ${request.method} ${mount}${path.split('?')[0]}`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || hopByHop.has(name) || consoleOnly.has(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    if (!headers.has('authorization')) {
      const session = await sessions.of(request);
      if (session) {
        if (!safeMethods.has(request.method) && !csrfMatches(session, request.headers['x-csrf-token']))
          return problemReply(reply, 403, 'csrf', 'forbidden', 'a write needs the session\'s X-CSRF-Token header');
        headers.set('authorization', `Bearer ${session.accessToken}`);
      }
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
      upstreamAnswer = await fetch(target.url, {
        method: request.method,
        headers,
        body: hasBody ? (request.body as Buffer) : undefined,
        redirect: 'manual',
        signal: aborted.signal,
      });
    } catch (error) {
      return problemReply(
        reply,
        502,
        'upstream-unavailable',
        'service unavailable',
        `${prefix} service did not answer: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
      );
    }
    reply.code(upstreamAnswer.status);
    upstreamAnswer.headers.forEach((value, name) => {
      // fetch has already decoded the body, so its encoding and length no longer apply; cookies
      // of an upstream would land on the console's origin.
      if (hopByHop.has(name) || name === 'content-encoding' || name === 'set-cookie') return;
      reply.header(name, value);
    });
    if (!upstreamAnswer.body) return reply.send();
    return reply.send(Readable.fromWeb(upstreamAnswer.body as import('node:stream/web').ReadableStream));
  };
  app.all(mount, forward);
  app.all(`${mount}/*`, forward);
}
