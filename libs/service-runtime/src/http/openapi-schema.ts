import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

/** The OpenAPI form of a request schema, so the document and the validation come from one definition. */
export function openApiSchemaOf(schema: ZodTypeAny): Record<string, unknown> {
  // zod-to-json-schema's generic signature is too deep for the compiler when given concrete schemas.
  const convert = zodToJsonSchema as unknown as (schema: ZodTypeAny, options: { target: 'openApi3' }) => Record<string, unknown>;
  return convert(schema, { target: 'openApi3' });
}
