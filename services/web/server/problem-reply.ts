import type { FastifyReply } from 'fastify';

/** An RFC 9457 problem document of the console's own (the services' pass through untouched). */
export function problemReply(reply: FastifyReply, status: number, type: string, title: string, detail: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('application/problem+json')
    .send({ type: `https://bishan.example/problems/${type}`, title, status, detail });
}
