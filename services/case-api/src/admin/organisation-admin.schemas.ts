import { z } from 'zod';

// Shapes only; whether a referenced town, village, leader or department exists is checked by the
// repository inside the edit's transaction (422 naming the field).

/** Ids are URL-safe slugs, like the seeded ones (`dengfeng`, `dengfeng-yard-07`, `dl-01`). */
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'lower-case letters, digits and hyphens, 1 to 80 characters');
const name = z.string().trim().min(1).max(100);
const personIds = z
  .array(id)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a person twice');
const location = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();
/** 职责清单: primary duties first; the order ranks departments for a case. */
const dutyCategories = z
  .array(z.string().trim().min(1).max(50))
  .min(1)
  .max(50)
  .refine((categories) => new Set(categories).size === categories.length, 'lists a category twice');

const townKinds = ['street', 'town'] as const;
const villageKinds = ['village', 'community'] as const;
const departmentKinds = ['government', 'party', 'mass-organisation', 'public-unit', 'enterprise'] as const;

/** A PATCH must change something; an empty body is a mistake, not a no-op. */
const someField = (body: Record<string, unknown>) => Object.values(body).some((v) => v !== undefined);
const nothingToChange = 'name at least one field to change';

export const createTownBody = z
  .object({
    id,
    name,
    kind: z.enum(townKinds),
    location,
    leaderIds: personIds,
    triageMemberIds: personIds,
    linkedDistrictLeaderIds: z
      .array(id)
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a leader twice'),
  })
  .strict();
export const updateTownBody = z
  .object({
    name: name.optional(),
    kind: z.enum(townKinds).optional(),
    location: location.optional(),
    leaderIds: personIds.optional(),
    triageMemberIds: personIds.optional(),
  })
  .strict()
  .refine(someField, nothingToChange);

export const createVillageBody = z
  .object({ id, name, kind: z.enum(villageKinds), townId: id, secretaryId: id, location })
  .strict();
export const updateVillageBody = z
  .object({
    name: name.optional(),
    kind: z.enum(villageKinds).optional(),
    townId: id.optional(),
    secretaryId: id.optional(),
    location: location.optional(),
  })
  .strict()
  .refine(someField, nothingToChange);

const group = z.number().int().min(1).max(999);
/** 包联院坝的党员干部: one to a handful per courtyard. */
const cadreIds = z
  .array(id)
  .min(1)
  .max(10)
  .refine((ids) => new Set(ids).size === ids.length, 'lists a person twice');
export const createCourtyardBody = z.object({ id, name, villageId: id, group, cadreIds }).strict();
export const updateCourtyardBody = z
  .object({ name: name.optional(), villageId: id.optional(), group: group.optional(), cadreIds: cadreIds.optional() })
  .strict()
  .refine(someField, nothingToChange);

export const createDepartmentBody = z
  .object({
    id,
    name,
    kind: z.enum(departmentKinds),
    dutyCategories,
    leaderIds: personIds,
    handlerIds: personIds,
    supervisingLeaderId: id,
  })
  .strict();
export const updateDepartmentBody = z
  .object({
    name: name.optional(),
    kind: z.enum(departmentKinds).optional(),
    dutyCategories: dutyCategories.optional(),
    leaderIds: personIds.optional(),
    handlerIds: personIds.optional(),
    supervisingLeaderId: id.optional(),
  })
  .strict()
  .refine(someField, nothingToChange);

export const updateDistrictLeaderBody = z
  .object({
    title: name.optional(),
    /** The first is the primary link. */
    linkedTownIds: z
      .array(id)
      .min(1)
      .max(15)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a town twice')
      .optional(),
    departmentIds: z
      .array(id)
      .max(60)
      .refine((ids) => new Set(ids).size === ids.length, 'lists a department twice')
      .optional(),
  })
  .strict()
  .refine(someField, nothingToChange);

export const villageListQuery = z
  .object({
    townId: id.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export const courtyardListQuery = z
  .object({
    townId: id.optional(),
    villageId: id.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export const idParam = id;

export type CreateTownBody = z.infer<typeof createTownBody>;
export type UpdateTownBody = z.infer<typeof updateTownBody>;
export type CreateVillageBody = z.infer<typeof createVillageBody>;
export type UpdateVillageBody = z.infer<typeof updateVillageBody>;
export type CreateCourtyardBody = z.infer<typeof createCourtyardBody>;
export type UpdateCourtyardBody = z.infer<typeof updateCourtyardBody>;
export type CreateDepartmentBody = z.infer<typeof createDepartmentBody>;
export type UpdateDepartmentBody = z.infer<typeof updateDepartmentBody>;
export type UpdateDistrictLeaderBody = z.infer<typeof updateDistrictLeaderBody>;
export type VillageListQuery = z.infer<typeof villageListQuery>;
export type CourtyardListQuery = z.infer<typeof courtyardListQuery>;
