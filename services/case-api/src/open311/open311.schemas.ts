import { z } from 'zod';

// Open311 GeoReport v2 parameters, JSON (or, for POST, a form). The standard's own optional
// parameters are accepted (jurisdiction_id, api_key, device_id, account_id, attribute); anything
// else is refused, as on every other route, so a misspelt field never silently goes missing.
// api_key only in a body: in a query string it is refused before validation (URLs are logged).

/** Degrees, as a JSON number or (as form-minded 311 clients send them) a decimal string. */
const coordinate = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value),
    z.number({ invalid_type_error: 'must be a decimal number' }).min(min).max(max),
  );

const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

export const createServiceRequestBody = z
  .object({
    jurisdiction_id: optionalText(100),
    api_key: optionalText(4000),
    service_code: z.string().trim().min(1).max(64),
    description: z.string().min(1).max(4000),
    lat: coordinate(-90, 90).optional(),
    long: coordinate(-180, 180).optional(),
    address_string: optionalText(500),
    address_id: optionalText(100),
    email: z.string().trim().email().max(254).optional(),
    device_id: optionalText(200),
    account_id: optionalText(200),
    first_name: optionalText(100),
    last_name: optionalText(100),
    phone: optionalText(50),
    media_url: z.string().trim().url().max(500).optional(),
    attribute: z
      .record(z.string().max(100), z.union([z.string().max(2000), z.array(z.string().max(2000)).max(50)]))
      .optional(),
  })
  .strict();

export type CreateServiceRequestBody = z.infer<typeof createServiceRequestBody>;

const isoDateTime = z.string().datetime({ offset: true });

export const listServiceRequestsQuery = z
  .object({
    jurisdiction_id: optionalText(100),
    service_request_id: z
      .string()
      .trim()
      .min(1)
      .max(4000)
      .transform((ids) =>
        ids
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().min(1).max(100)).min(1).max(100))
      .optional(),
    service_code: z.string().trim().min(1).max(64).optional(),
    start_date: isoDateTime.optional(),
    end_date: isoDateTime.optional(),
    status: z
      .string()
      .trim()
      .transform((list) => [...new Set(list.split(',').map((s) => s.trim()))])
      .pipe(z.array(z.enum(['open', 'closed'])).min(1))
      .optional(),
  })
  .strict()
  .refine((q) => !q.start_date || !q.end_date || Date.parse(q.start_date) < Date.parse(q.end_date), {
    message: 'start_date must be before end_date',
    path: ['start_date'],
  });

export type ListServiceRequestsQuery = z.infer<typeof listServiceRequestsQuery>;

export const readServiceRequestQuery = z
  .object({ jurisdiction_id: optionalText(100) })
  .strict();
