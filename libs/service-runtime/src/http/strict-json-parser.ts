import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';

const utf8 = new TextDecoder('utf-8', { fatal: true });

class BadRequestBody extends Error {
  readonly statusCode = 400;
}

/**
 * JSON bodies are decoded strictly: invalid UTF-8 is refused instead of being turned into
 * replacement characters (text is stored exactly as sent or not at all), and __proto__ or
 * constructor.prototype keys are refused as Fastify's own parser does.
 */
export function installStrictJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new BadRequestBody('body is not valid UTF-8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(new BadRequestBody('body is empty; a JSON document was expected'), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(new BadRequestBody(`body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}
