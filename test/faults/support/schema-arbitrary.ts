import fc from 'fast-check';

// A JSON Schema as the OpenAPI document gives it (the subset our API uses).
export interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  format?: string;
  nullable?: boolean;
}

export type Resolve = (ref: string) => Schema;

/** Values the schema accepts (as far as its shape goes: the domain may still refuse them). */
export function validValue(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return validValue(resolve(schema.$ref), resolve, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => validValue(s, resolve, depth + 1)));
  if (schema.allOf?.length) return validValue(mergeAll(schema.allOf, resolve), resolve, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? 'any') {
    case 'string':
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      return fc.string({
        minLength: Math.max(1, schema.minLength ?? 0),
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    case 'integer':
      return fc.integer({
        min: Math.ceil(schema.minimum ?? -1000),
        max: Math.floor(Math.min(schema.maximum ?? 1000, 1_000_000)),
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(validValue(schema.items ?? {}, resolve, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([key, s]) => [key, validValue(s, resolve, depth + 1)]),
        ),
        { requiredKeys: Object.keys(properties).filter((k) => required.has(k)) },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values the schema refuses, most of them near misses of valid ones. */
export function invalidValue(schema: Schema, resolve: Resolve): fc.Arbitrary<unknown> {
  const target = schema.$ref ? resolve(schema.$ref) : schema;
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.string(), fc.integer());
  if (target.type !== 'object' || !target.properties) return anything;
  const keys = Object.keys(target.properties);
  const valid = validValue(target, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const required = target.required ?? [];
  return fc.oneof(
    anything,
    // an unknown field (bodies are strict)
    fc
      .tuple(
        valid,
        fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !keys.includes(k)),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([v, k, x]) => ({ ...v, [k]: x })),
    // a field of the wrong type or shape
    fc.tuple(valid, fc.constantFrom(...keys), anything).map(([v, k, x]) => ({ ...v, [k]: x })),
    // a required field missing
    ...(required.length
      ? [
          fc
            .tuple(valid, fc.constantFrom(...required))
            .map(([v, k]) => Object.fromEntries(Object.entries(v).filter(([key]) => key !== k))),
        ]
      : []),
  );
}

function mergeAll(parts: Schema[], resolve: Resolve): Schema {
  const merged: Schema = { type: 'object', properties: {}, required: [] };
  for (const part of parts.map((p) => (p.$ref ? resolve(p.$ref) : p))) {
    Object.assign(merged.properties!, part.properties ?? {});
    merged.required!.push(...(part.required ?? []));
    if (part.type && part.type !== 'object') return part;
  }
  return merged;
}
