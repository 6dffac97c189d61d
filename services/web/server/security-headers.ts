import type { FastifyInstance } from 'fastify';

/**
 * The console's Content-Security-Policy. Vite's build is one module script and its chunks, all from
 * this origin, with no inline script (checked by web-server.spec.ts against the build): script-src
 * 'self' and nothing else, so injected markup cannot run script even if some text slipped through
 * as HTML. style-src needs 'unsafe-inline': Ant Design writes its CSS-in-JS as <style> elements at
 * run time, and ECharts' tooltip and React's style props set style attributes; a style cannot run
 * script. data: images are antd's inline icons and placeholders.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers on every answer of the console's origin, the proxied ones included. HSTS only when the
 * console is served over TLS (WEB_PUBLIC_URL https://…): on plain http a browser ignores it, and
 * setting it for 127.0.0.1 would only mislead.
 */
export function installSecurityHeaders(app: FastifyInstance, options: { tls: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('content-security-policy', contentSecurityPolicy);
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('x-frame-options', 'DENY');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.tls) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
