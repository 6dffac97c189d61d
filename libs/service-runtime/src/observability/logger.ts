import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';

/**
 * Fields that never reach a log line, wherever they sit in a logged object: credentials, one-use
 * tickets, phone numbers and ID-card numbers (pino's `redact`, applied to every line).
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.query',
  'res.headers["set-cookie"]',
  ...['accessToken', 'access_token', 'api_key', 'apiKey', 'token', 'ticket', 'password', 'secret', 'clientSecret', 'phone', 'idCard', 'idCardNumber'].flatMap(
    (field) => [field, `*.${field}`],
  ),
];

const CENSOR = '[redacted]';

/** A URL with every query value replaced: `/open311/v2/requests.json?api_key=[redacted]`. */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=${CENSOR}`;
    })
    .join('&');
  return `${url.slice(0, mark)}?${query}`;
}

/** A mainland mobile number (optionally +86) or any long digit run read as a phone: first 3 and last 2 digits kept. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

const QUERY_STRING = /\?[^\s"'?]+/g;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const ID_CARD = /(?<!\d)\d{17}[\dXx](?!\d)/g;
const PHONE = /(?<![\d*])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

/**
 * The last line of defence for free text (messages, error texts): query strings, bearer tokens,
 * ID-card numbers and mobile numbers inside a message are masked. Structured fields are covered by
 * `redactedPaths`; code logs URLs through `redactQuery` and phone numbers through `maskPhone`.
 */
export function scrubText(text: string): string {
  return text
    .replace(QUERY_STRING, (query) => redactQuery(query))
    .replace(JWT, CENSOR)
    .replace(ID_CARD, CENSOR)
    .replace(PHONE, (phone) => maskPhone(phone));
}

function scrubbed(value: unknown): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object) as Error, value);
    copy.message = scrubText(value.message);
    if (value.stack) copy.stack = scrubText(value.stack);
    return copy;
  }
  return value;
}

/** trace_id and span_id of the active span (OpenTelemetry), for every log line; empty when none is active. */
export function activeTraceFields(): { trace_id?: string; span_id?: string } {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

let serviceName = 'bishan';

/** Set once by bootstrapService, before the logger is made: every line names its service. */
export function setLogServiceName(name: string): void {
  serviceName = name;
}

/** The options of every service's pino logger: JSON lines, declared redaction, scrubbed messages. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: serviceName, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Written while a span is active (a request, an activity, a consumed event): the line names its trace.
    mixin: activeTraceFields,
    redact: { paths: redactedPaths, censor: CENSOR },
    serializers: { err: (error: Error) => pino.stdSerializers.err(scrubbed(error) as Error) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(scrubbed) as Parameters<typeof method>);
      },
    },
  };
}

/**
 * nestjs-pino's request context without its own request lines (installHttpObservability writes one
 * per request, with the query redacted); headers are never serialised.
 */
export function httpLoggerOptions(level: string): HttpLoggerOptions {
  return {
    ...loggerOptions(level),
    autoLogging: false,
    quietReqLogger: true,
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url === undefined ? undefined : redactQuery(req.url),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: (error: Error) => pino.stdSerializers.err(scrubbed(error) as Error),
    },
  };
}

/** For lines written before the application (and its logger) exist: a bad configuration, say. */
export function createStartupLogger(level = 'info') {
  return pino(loggerOptions(level));
}
