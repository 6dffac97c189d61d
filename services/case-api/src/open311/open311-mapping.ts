import type { BishanOrganisation, LedgerRow } from '@bishan/db';
import type { Actor } from '@bishan/domain';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) mapped onto cases. Pure functions:
// the controller and handler only adapt HTTP to these.

/** Open311 knows two states; every state of the loop before closure is "open". */
export function open311StatusOf(caseStatus: string): 'open' | 'closed' {
  return caseStatus === 'closed' ? 'closed' : 'open';
}

/** The loop's state in words, for Open311's free-text status_notes (the state's code name follows). */
const statusNotes: Record<string, string> = {
  inLedger: '已登记入台账，等待镇街研判',
  published: '已发布，等待部门认领',
  claimed: '部门已认领，正在制定办理方案',
  handling: '正在办理',
  resultReported: '已报送办理结果，等待向群众反馈',
  awaitingRating: '已反馈，等待群众评价',
  closed: '已办结',
};

export function statusNoteOf(caseStatus: string): string {
  return `${statusNotes[caseStatus] ?? caseStatus} (${caseStatus})`;
}

export interface CasePlace {
  townId: string;
  villageId: string;
  courtyardId?: string;
}

export interface PlaceHints {
  address_id?: string;
  address_string?: string;
  lat?: number;
  long?: number;
}

export type PlaceResolution =
  { ok: true; place: CasePlace; matchedBy: string } | { ok: false; description: string };

/** How far (km) a point may lie from the nearest village centre and still be taken as that village. */
const MAX_VILLAGE_DISTANCE_KM = 5;

/**
 * Where a service request is, as a case needs it (town, village, maybe courtyard), from the most
 * precise hint given: address_id (a courtyard or village id), then address_string (the longest
 * courtyard or village name it contains), then lat/long (the nearest village centre, within
 * MAX_VILLAGE_DISTANCE_KM: village positions are approximate), then the requester's own village.
 * A hint that is given but names no place is an error, not a reason to guess from a weaker one.
 */
export function resolvePlace(hints: PlaceHints, org: BishanOrganisation, requester: Actor): PlaceResolution {
  if (hints.address_id !== undefined) {
    const courtyard = org.courtyards.find((c) => c.id === hints.address_id);
    if (courtyard)
      return {
        ok: true,
        place: { townId: courtyard.townId, villageId: courtyard.villageId, courtyardId: courtyard.id },
        matchedBy: 'address_id',
      };
    const village = org.villages.find((v) => v.id === hints.address_id);
    if (village)
      return { ok: true, place: { townId: village.townId, villageId: village.id }, matchedBy: 'address_id' };
    return { ok: false, description: `address_id '${hints.address_id}' is not a known courtyard or village` };
  }
  if (hints.address_string !== undefined) {
    const text = hints.address_string.normalize('NFKC').replace(/\s+/g, '');
    const courtyard = longestNamed(org.courtyards, text);
    if (courtyard)
      return {
        ok: true,
        place: { townId: courtyard.townId, villageId: courtyard.villageId, courtyardId: courtyard.id },
        matchedBy: 'address_string',
      };
    const village = longestNamed(org.villages, text);
    if (village)
      return {
        ok: true,
        place: { townId: village.townId, villageId: village.id },
        matchedBy: 'address_string',
      };
    return {
      ok: false,
      description: 'address_string names no village or community (村/社区) of the district',
    };
  }
  if (hints.lat !== undefined || hints.long !== undefined) {
    if (hints.lat === undefined || hints.long === undefined)
      return { ok: false, description: 'lat and long must be given together' };
    const nearest = nearestVillage(org, hints.lat, hints.long);
    if (!nearest || nearest.km > MAX_VILLAGE_DISTANCE_KM)
      return { ok: false, description: 'lat/long is not within a village or community of the district' };
    return {
      ok: true,
      place: { townId: nearest.village.townId, villageId: nearest.village.id },
      matchedBy: 'lat/long',
    };
  }
  if (requester.villageId) {
    const village = org.villages.find((v) => v.id === requester.villageId);
    if (village)
      return { ok: true, place: { townId: village.townId, villageId: village.id }, matchedBy: 'requester' };
  }
  return {
    ok: false,
    description: 'address_id, address_string or lat/long is required to place the request',
  };
}

function longestNamed<T extends { readonly name: string }>(
  places: readonly T[],
  text: string,
): T | undefined {
  let best: T | undefined;
  for (const place of places)
    if (text.includes(place.name) && (!best || place.name.length > best.name.length)) best = place;
  return best;
}

function nearestVillage(org: BishanOrganisation, lat: number, long: number) {
  let best: { village: BishanOrganisation['villages'][number]; km: number } | undefined;
  for (const village of org.villages) {
    const km = distanceKm(lat, long, village.location.lat, village.location.lon);
    if (!best || km < best.km) best = { village, km };
  }
  return best;
}

/** Great-circle distance (haversine). */
function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

/** A service (Open311) is a case category; its group is the first department whose duty list leads with it. */
export function open311Services(categories: readonly string[], org: BishanOrganisation) {
  return categories.map((category) => {
    const department =
      org.departments.find((d) => d.dutyCategories[0] === category) ??
      org.departments.find((d) => d.dutyCategories.includes(category));
    return {
      service_code: category,
      service_name: category,
      description: department ? `${category}（${department.name}等部门办理）` : category,
      metadata: false,
      type: 'realtime' as const,
      keywords: '',
      group: department?.name ?? '',
    };
  });
}

/** The unit handling the case, by name: a village, a town or the lead department. */
export function agencyResponsible(
  row: Pick<LedgerRow, 'handlerLevel' | 'handlerUnitId'>,
  org: BishanOrganisation,
): string {
  const id = row.handlerUnitId;
  if (!id) return '';
  const named =
    row.handlerLevel === 'district'
      ? org.departments.find((d) => d.id === id)
      : row.handlerLevel === 'town'
        ? org.towns.find((t) => t.id === id)
        : org.villages.find((v) => v.id === id);
  return named?.name ?? id;
}

export function serviceRequestOf(row: LedgerRow & { updatedAt: Date }, org: BishanOrganisation) {
  const village = org.villages.find((v) => v.id === row.villageId);
  const town = org.towns.find((t) => t.id === row.townId);
  const courtyard = row.courtyardId ? org.courtyards.find((c) => c.id === row.courtyardId) : undefined;
  return {
    service_request_id: row.id,
    status: open311StatusOf(row.status),
    status_notes: statusNoteOf(row.status),
    service_name: row.category,
    service_code: row.category,
    description: row.description,
    agency_responsible: agencyResponsible(row, org),
    service_notice: '',
    requested_datetime: row.raisedAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: row.nextDeadlineAt ? row.nextDeadlineAt.toISOString() : null,
    // A courtyard's name already starts with its village's.
    address: `${town?.name ?? ''}${courtyard?.name ?? village?.name ?? ''}`,
    address_id: row.courtyardId ?? row.villageId,
    zipcode: null,
    // The village's approximate centre: cases are placed by village, not by point.
    lat: village?.location.lat ?? null,
    long: village?.location.lon ?? null,
    media_url: null,
  };
}
