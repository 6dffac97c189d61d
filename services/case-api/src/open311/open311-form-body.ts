import type { FastifyInstance } from 'fastify';
import { isOpen311Path, open311FormatOf } from './open311-format';
import { xmlContentType } from './open311-xml';

const utf8 = new TextDecoder('utf-8', { fatal: true });

class RefusedFormBody extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Open311 clients post `application/x-www-form-urlencoded` bodies (GeoReport v2 puts `api_key`
 * there). Parsed on every Open311 POST, each field once, into strings the route's schema then checks
 * as it checks JSON; any other route answers such a body 415, as before.
 */
export function installOpen311FormParser(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isOpen311Path(request.url)) {
      done(new RefusedFormBody(415, 'form bodies are accepted on the Open311 routes only; send JSON'), undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new RefusedFormBody(400, 'body is not valid UTF-8'), undefined);
      return;
    }
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [name, value] of new URLSearchParams(text)) {
      if (name in fields) {
        done(new RefusedFormBody(400, `form field '${name}' is given more than once`), undefined);
        return;
      }
      fields[name] = value;
    }
    done(null, { ...fields });
  });
}

/**
 * Answers of the .xml forms carry `application/xml`, the stored answer a retried POST gets back
 * (Idempotency-Key) included: set on the way out, by path, whatever produced the body.
 */
export function installOpen311Responses(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (isOpen311Path(request.url) && open311FormatOf(request.url) === 'xml' && reply.statusCode < 400)
      void reply.header('content-type', xmlContentType);
    return payload;
  });
}
