import { bishanOrganisation, caseCategories, type LedgerRow } from '@bishan/db';
import type { Actor } from '@bishan/domain';
import { open311ErrorsOf, Open311Exception } from './open311-error.filter';
import {
  open311Services,
  open311StatusOf,
  resolvePlace,
  serviceRequestOf,
  statusNoteOf,
} from './open311-mapping';
import { ZodValidationPipe } from '@bishan/service-runtime';
import { createServiceRequestBody, listServiceRequestsQuery } from './open311.schemas';

const org = bishanOrganisation();
const resident: Actor = {
  id: 'resident-dengfeng-1',
  role: 'resident',
  townId: 'laifeng',
  villageId: 'dengfeng',
};
const admin: Actor = { id: 'admin', role: 'admin' };

describe('Open311 status mapping', () => {
  it('is closed only when the case is closed, and names the loop state in the notes', () => {
    for (const status of ['inLedger', 'published', 'claimed', 'handling', 'resultReported', 'awaitingRating'])
      expect(open311StatusOf(status)).toBe('open');
    expect(open311StatusOf('closed')).toBe('closed');
    expect(statusNoteOf('published')).toBe('已发布，等待部门认领 (published)');
  });
});

describe('placing a service request', () => {
  it('takes a courtyard or village id as address_id', () => {
    expect(resolvePlace({ address_id: 'dengfeng-yard-02' }, org, admin)).toEqual({
      ok: true,
      place: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-02' },
      matchedBy: 'address_id',
    });
    expect(resolvePlace({ address_id: 'sanxing' }, org, admin)).toMatchObject({
      ok: true,
      place: { townId: 'laifeng', villageId: 'sanxing' },
    });
    expect(resolvePlace({ address_id: 'nowhere', address_string: '登凤村' }, org, admin)).toEqual({
      ok: false,
      description: "address_id 'nowhere' is not a known courtyard or village",
    });
  });

  it('finds the most precise place an address string names', () => {
    expect(resolvePlace({ address_string: '来凤街道 登凤村老院子院坝旁边' }, org, admin)).toMatchObject({
      ok: true,
      place: { villageId: 'dengfeng', courtyardId: 'dengfeng-yard-02' },
    });
    expect(resolvePlace({ address_string: '璧山区来凤街道登凤村村委会' }, org, admin)).toEqual({
      ok: true,
      place: { townId: 'laifeng', villageId: 'dengfeng' },
      matchedBy: 'address_string',
    });
    expect(resolvePlace({ address_string: '北京市朝阳区' }, org, resident)).toMatchObject({ ok: false });
  });

  it('places a point at the nearest village centre, if it is near one', () => {
    const dengfeng = org.villages.find((v) => v.id === 'dengfeng')!;
    expect(
      resolvePlace({ lat: dengfeng.location.lat + 0.001, long: dengfeng.location.lon }, org, admin),
    ).toMatchObject({
      ok: true,
      place: { villageId: 'dengfeng' },
      matchedBy: 'lat/long',
    });
    expect(resolvePlace({ lat: 39.9, long: 116.4 }, org, admin)).toMatchObject({ ok: false });
    expect(resolvePlace({ lat: 29.5 }, org, admin)).toEqual({
      ok: false,
      description: 'lat and long must be given together',
    });
  });

  it("falls back to the requester's own village, and refuses when there is none", () => {
    expect(resolvePlace({}, org, resident)).toEqual({
      ok: true,
      place: { townId: 'laifeng', villageId: 'dengfeng' },
      matchedBy: 'requester',
    });
    expect(resolvePlace({}, org, admin)).toMatchObject({ ok: false });
  });
});

describe('services and service requests', () => {
  it('offers one service per case category, grouped by a department that handles it', () => {
    const services = open311Services(caseCategories, org);
    expect(services.map((s) => s.service_code)).toEqual([...caseCategories]);
    expect(services.find((s) => s.service_code === '环境卫生')).toMatchObject({
      service_name: '环境卫生',
      group: '区城市管理局',
      metadata: false,
      type: 'realtime',
    });
  });

  it('describes a case as a service request', () => {
    const row = {
      id: 'c1',
      category: '环境卫生',
      description: '路没人扫',
      townId: 'laifeng',
      villageId: 'dengfeng',
      courtyardId: 'dengfeng-yard-01',
      status: 'claimed',
      handlerLevel: 'district',
      handlerUnitId: 'urban-management',
      nextDeadlineAt: new Date('2026-03-09T16:00:00Z'),
      raisedAt: new Date('2026-03-02T02:00:00Z'),
      updatedAt: new Date('2026-03-03T02:00:00Z'),
    } as LedgerRow & { updatedAt: Date };
    expect(serviceRequestOf(row, org)).toMatchObject({
      service_request_id: 'c1',
      status: 'open',
      status_notes: '部门已认领，正在制定办理方案 (claimed)',
      service_code: '环境卫生',
      description: '路没人扫',
      agency_responsible: '区城市管理局',
      requested_datetime: '2026-03-02T02:00:00.000Z',
      updated_datetime: '2026-03-03T02:00:00.000Z',
      expected_datetime: '2026-03-09T16:00:00.000Z',
      address: '来凤街道登凤村枇杷林院坝',
      address_id: 'dengfeng-yard-01',
    });
  });
});

describe('Open311 input and errors', () => {
  const errorsOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return open311ErrorsOf(error);
    }
    throw new Error('no error');
  };

  it('names each bad field by its Open311 name, with the 400 it answers', () => {
    const body = new ZodValidationPipe(createServiceRequestBody);
    expect(errorsOf(() => body.transform({ service_code: '环境卫生', lat: 'north', colour: 'red' }))).toEqual(
      {
        status: 400,
        errors: [
          { code: 400, description: 'description: Required' },
          { code: 400, description: 'lat: must be a decimal number' },
          { code: 400, description: "Unrecognized key(s) in object: 'colour'" },
        ],
      },
    );
    expect(
      body.transform({ service_code: '环境卫生', description: 'x', lat: '29.5', long: 106.1 }),
    ).toMatchObject({
      lat: 29.5,
      long: 106.1,
    });
    const query = new ZodValidationPipe(listServiceRequestsQuery, 'query');
    expect(query.transform({ status: 'open,closed', service_request_id: 'a, b' })).toMatchObject({
      status: ['open', 'closed'],
      service_request_id: ['a', 'b'],
    });
    expect(errorsOf(() => query.transform({ status: 'pending' })).errors[0]?.description).toMatch(
      /^status\.0: /,
    );
  });

  it('keeps the status of an Open311 error and hides unexpected ones', () => {
    expect(open311ErrorsOf(new Open311Exception(404, 'gone'))).toEqual({
      status: 404,
      errors: [{ code: 404, description: 'gone' }],
    });
    expect(open311ErrorsOf(new Error('secret detail'))).toEqual({
      status: 500,
      errors: [{ code: 500, description: 'internal server error' }],
    });
  });
});
