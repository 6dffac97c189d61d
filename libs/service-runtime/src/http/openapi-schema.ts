import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

/** The OpenAPI form of a request schema, so the document and the validation come from one definition. */
export function openApiSchemaOf(
  schema: ZodTypeAny,
  options: { inline?: boolean } = {},
): Record<string, unknown> {
  // zod-to-json-schema's generic signature is too deep for the compiler when given concrete schemas.
  const convert = zodToJsonSchema as unknown as (
    schema: ZodTypeAny,
    options: { target: 'openApi3'; $refStrategy?: 'none' },
  ) => Record<string, unknown>;
  return convert(schema, { target: 'openApi3', ...(options.inline ? { $refStrategy: 'none' } : {}) });
}

/**
 * One OpenAPI query parameter per field of a query-string schema (an object, possibly refined), with
 * its type, allowed values, default and description: the document lists what the validator accepts.
 */
export function ApiQueriesOf(schema: ZodTypeAny): MethodDecorator {
  // Each parameter stands alone in the document: a field reusing another's schema is written out,
  // not referred to by a path ("#/properties/overdue") that means nothing outside this object.
  const document = openApiSchemaOf(schema, { inline: true }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return applyDecorators(
    ...Object.entries(document.properties ?? {}).map(([name, { description, ...property }]) =>
      ApiQuery({
        name,
        required: document.required?.includes(name) ?? false,
        schema: property,
        ...(typeof description === 'string' ? { description } : {}),
      }),
    ),
  );
}
