import { randomUUID } from 'node:crypto';
import { startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, postJson, tokenFor, type Person } from './bishan-actors';

type ServiceRequest = {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string;
  service_code: string;
  description: string;
  agency_responsible: string;
  address: string;
  address_id: string;
  requested_datetime: string;
  updated_datetime: string;
};
type Open311Error = { code: number; description: string };

/**
 * A 311 client's flow against the real stack: discover services, submit a request with the
 * resident's token as api_key, then follow it (GET requests/{id}.json and requests.json) while the
 * case goes through the loop to closure.
 */
describe('Open311 GeoReport v2', () => {
  let stack: TestStack;
  let api: ServiceProcess;
  let base: string;
  let requestId: string;
  const otherResident: Person = { id: 'resident-sanxing-1', role: 'resident' };

  beforeAll(async () => {
    stack = await startTestStack({ label: 'open311', services: ['case-api', 'case-worker'] });
    api = stack.service('case-api');
    base = `${api.url}/open311/v2`;
  });

  afterAll(() => stack?.stop());

  const as = (person: Person) => tokenFor(api.url, person);
  const get = async <T>(path: string, person?: Person) => {
    const response = await fetch(`${base}${path}`, {
      headers: bearer(person ? await as(person) : undefined),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: (await response.json()) as T,
    };
  };
  const followed = async () =>
    (await get<ServiceRequest[]>(`/requests/${requestId}.json`, actors.resident)).body[0];
  const act = async (action: string, person: Person, body: object) => {
    const answer = await postJson(`${api.url}/cases/${requestId}/actions/${action}`, body, await as(person));
    expect({ action, status: answer.status }).toEqual({ action, status: 200 });
  };
  const until = (status: 'open' | 'closed', note: string) =>
    waitFor(
      async () => {
        const request = await followed();
        return request?.status === status && request.status_notes.endsWith(`(${note})`) ? request : undefined;
      },
      { description: `the request ${status} (${note})` },
    );

  it('lists the case categories as services without a token, and defines each one', async () => {
    const services =
      await get<{ service_code: string; service_name: string; group: string; metadata: boolean }[]>(
        '/services.json',
      );
    expect(services.status).toBe(200);
    expect(services.contentType).toContain('application/json');
    const lines = services.body.find((s) => s.service_code === '线路整治');
    expect(lines).toMatchObject({ service_name: '线路整治', metadata: false });
    expect(new Set(services.body.map((s) => s.service_code)).size).toBe(services.body.length);

    const definition = await get<{ service_code: string; attributes: unknown[] }>(
      `/services/${encodeURIComponent('线路整治')}.json`,
    );
    expect(definition).toMatchObject({ status: 200, body: { service_code: '线路整治', attributes: [] } });
    const unknown = await get<Open311Error[]>(`/services/${encodeURIComponent('不存在')}.json`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: "service_code '不存在' is not a service" }]);
    expect((await get<Open311Error[]>(`/services/${encodeURIComponent('线路整治')}.yaml`)).status).toBe(404);

    const openApi = (await (await fetch(`${api.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining([
        '/open311/v2/services.json',
        '/open311/v2/requests.json',
        '/open311/v2/requests/{file}',
        '/cases/export.xlsx',
      ]),
    );
  });

  it('creates a service request from the resident token passed as api_key, raising a case', async () => {
    const description = '老院子旁边电线乱拉，下雨天很危险！⚡';
    const created = await postJson(`${base}/requests.json`, {
      api_key: await as(actors.resident),
      service_code: '线路整治',
      description,
      address_string: '璧山区来凤街道登凤村老院子院坝',
      lat: '29.5153',
      long: 106.1548,
      first_name: '明',
      last_name: '李',
      media_url: 'https://example.org/photos/wires.jpg',
    });
    expect(created.status).toBe(201);
    expect(created.body).toHaveLength(1);
    expect(created.body[0]).toMatchObject({ service_notice: '已受理', account_id: null });
    requestId = created.body[0].service_request_id;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    const request = await until('open', 'inLedger');
    expect(request).toMatchObject({
      service_request_id: requestId,
      service_code: '线路整治',
      description,
      address_id: 'dengfeng-yard-02',
      address: '来凤街道登凤村老院子院坝',
    });
    const asCase = await fetch(`${api.url}/cases/${requestId}`, { headers: bearer(await as(actors.admin)) });
    expect(await asCase.json()).toMatchObject({
      channel: 'onlineGroup',
      villageId: 'dengfeng',
      reporterIds: [actors.resident.id],
      description,
    });
  });

  it('follows the request through the loop: open while handled, closed once rated', async () => {
    await act('triageCase', actors.laifengTriage, { route: 'district' });
    expect((await until('open', 'published')).agency_responsible).toBe('');
    await act('claimCase', actors.powerHandler, {});
    const claimed = await until('open', 'claimed');
    expect(claimed.agency_responsible).not.toBe('');
    await act('submitHandlingPlan', actors.powerHandler, {
      plan: '统一规整线路',
      responsibility: { unit: '璧山供电公司运维班', personName: '王强' },
    });
    await until('open', 'handling');
    await act('reportResult', actors.powerHandler, { summary: '线路已规整' });
    await until('open', 'resultReported');
    await act('giveFeedback', actors.dengfengSecretary, { note: '已告知群众' });
    await until('open', 'awaitingRating');
    await act('rateCase', actors.resident, { rating: 'satisfied' });
    const closed = await until('closed', 'closed');
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThan(Date.parse(closed.requested_datetime));

    const token = await as(actors.resident);
    const list = async (query: string) => {
      const response = await fetch(`${base}/requests.json?${query}`, { headers: bearer(token) });
      expect(response.status).toBe(200);
      return ((await response.json()) as ServiceRequest[]).map((r) => r.service_request_id);
    };
    expect(await list('status=closed')).toContain(requestId);
    expect(await list('status=open')).not.toContain(requestId);
    expect(await list(`service_request_id=${requestId},${randomUUID()}`)).toEqual([requestId]);
    expect(await list(`service_code=${encodeURIComponent('线路整治')}`)).toContain(requestId);
    expect(await list(`service_code=${encodeURIComponent('环境卫生')}`)).not.toContain(requestId);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      await list(`start_date=${hourAgo}&end_date=${new Date(Date.now() + 60_000).toISOString()}`),
    ).toContain(requestId);
    expect(await list(`end_date=${hourAgo}`)).not.toContain(requestId);
  });

  it("keeps requests in their reader's scope, as the ledger does", async () => {
    const other = await get<Open311Error[]>(`/requests/${requestId}.json`, otherResident);
    expect(other).toEqual({
      status: 404,
      contentType: expect.stringContaining('application/json'),
      body: [{ code: 404, description: `service request '${requestId}' not found` }],
    });
    expect(
      (await get<ServiceRequest[]>('/requests.json', otherResident)).body.map((r) => r.service_request_id),
    ).not.toContain(requestId);
    expect(
      (await get<ServiceRequest[]>('/requests.json', actors.dengfengSecretary)).body.map(
        (r) => r.service_request_id,
      ),
    ).toContain(requestId);
  });

  it('answers Open311 errors for bad requests and creates nothing', async () => {
    const before = await stack.settledWorkflowsOnQueue();
    const token = await as(actors.resident);
    const post = async (body: unknown, withToken = true) => {
      const response = await fetch(`${base}/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(withToken ? bearer(token) : {}) },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Open311Error[] };
    };
    expect(await post({ service_code: '线路整治', description: '无令牌' }, false)).toEqual({
      status: 401,
      body: [{ code: 401, description: 'a bearer token is required (Authorization: Bearer <token>)' }],
    });
    expect(
      await post({ service_code: '线路整治', description: '假令牌', api_key: 'a.b.c' }, false),
    ).toMatchObject({
      status: 401,
    });
    expect(await post({ service_code: '线路整治' })).toEqual({
      status: 400,
      body: [{ code: 400, description: 'description: Required' }],
    });
    // Unknown service or place: 422, naming the field, as POST /cases answers.
    expect(await post({ service_code: '不存在', description: '未知服务' })).toEqual({
      status: 422,
      body: [{ code: 422, description: "service_code: '不存在' is not a service (see services.json)" }],
    });
    expect(
      await post({ service_code: '线路整治', description: '地址不明', address_string: '北京市朝阳区' }),
    ).toEqual({
      status: 422,
      body: [
        { code: 422, description: 'address_string names no village or community (村/社区) of the district' },
      ],
    });
    expect(await post({ service_code: '线路整治', description: '地址不明', address_id: '<b>x</b>' })).toEqual({
      status: 422,
      body: [{ code: 422, description: "address_id '<b>x</b>' is not a known courtyard or village" }],
    });
    const invalid = await post({
      service_code: '线路整治',
      description: 'x',
      lat: 'north',
      long: 106,
      colour: 'red',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.map((e) => e.description).sort()).toEqual([
      "Unrecognized key(s) in object: 'colour'",
      'lat: must be a decimal number',
    ]);
    expect(await stack.settledWorkflowsOnQueue()).toBe(before);
  });

  it('takes a form from a 311 client and reads the request back at once, in JSON and in XML', async () => {
    const token = await as(actors.resident);
    const form = new URLSearchParams({
      api_key: token,
      service_code: '环境卫生',
      description: '村口垃圾 & <没人> 清运',
      address_id: 'dengfeng-yard-03',
    });
    const created = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.toString(),
    });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { service_request_id: string }[])[0]!.service_request_id;
    // No waiting: a request just created is there for its requester on the very next read.
    const readBack = await get<ServiceRequest[]>(`/requests/${id}.json`, actors.resident);
    expect(readBack.status).toBe(200);
    expect(readBack.body[0]).toMatchObject({ service_request_id: id, service_code: '环境卫生', address_id: 'dengfeng-yard-03' });
    // Another resident still reads it as unknown (after the read model has it: no wait for them to exploit).
    expect((await get<Open311Error[]>(`/requests/${id}.json`, otherResident)).status).toBe(404);

    const xmlCreated = await fetch(`${base}/requests.xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: token, service_code: '环境卫生', description: '表单提交, XML 回答' }).toString(),
    });
    expect(xmlCreated.status).toBe(201);
    expect(xmlCreated.headers.get('content-type')).toContain('application/xml');
    const createdXml = await xmlCreated.text();
    const xmlId = /<service_request_id>([^<]+)<\/service_request_id>/.exec(createdXml)?.[1];
    expect(createdXml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<service_requests><request><service_request_id>/);
    const one = await fetch(`${base}/requests/${xmlId}.xml`, { headers: bearer(token) });
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toContain('application/xml');
    expect(await one.text()).toContain(`<service_request_id>${xmlId}</service_request_id><status>open</status>`);

    const readXml = await fetch(`${base}/requests/${id}.xml`, { headers: bearer(token) });
    // The resident's text, escaped as XML text.
    expect(await readXml.text()).toContain('<description>村口垃圾 &amp; &lt;没人&gt; 清运</description>');
    const list = await (await fetch(`${base}/requests.xml?service_request_id=${id}`, { headers: bearer(token) })).text();
    expect(list.match(/<request>/g)).toHaveLength(1);
    const services = await fetch(`${base}/services.xml`);
    expect(services.headers.get('content-type')).toContain('application/xml');
    expect(await services.text()).toContain('<service><service_code>线路整治</service_code><service_name>线路整治</service_name>');
    const definition = await (await fetch(`${base}/services/${encodeURIComponent('线路整治')}.xml`)).text();
    expect(definition).toContain('<service_definition><service_code>线路整治</service_code><attributes></attributes></service_definition>');
  });

  it("answers every error under /open311 in Open311's own shape: 415, 413, unknown paths, and in XML for .xml", async () => {
    const token = await as(actors.resident);
    const before = await stack.settledWorkflowsOnQueue();
    const xmlBody = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', ...bearer(token) },
      body: '<service_code>x</service_code>',
    });
    expect(xmlBody.status).toBe(415);
    expect(xmlBody.headers.get('content-type')).toContain('application/json');
    expect(await xmlBody.json()).toEqual([{ code: 415, description: expect.stringContaining('application/x-www-form-urlencoded') }]);

    const huge = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(token) },
      body: `service_code=%E7%8E%AF%E5%A2%83%E5%8D%AB%E7%94%9F&description=${'x'.repeat(1_100_000)}`,
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual([{ code: 413, description: expect.any(String) }]);

    const xmlRefused = await fetch(`${base}/requests.xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: token, service_code: '不存在', description: '未知服务' }).toString(),
    });
    expect(xmlRefused.status).toBe(422);
    expect(xmlRefused.headers.get('content-type')).toContain('application/xml');
    expect(await xmlRefused.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>422</code><description>service_code: &apos;不存在&apos; is not a service (see services.json)</description></error></errors>',
    );

    const unknownPath = await fetch(`${base}/nothing-here.json`, { headers: bearer(token) });
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    const unknownXml = await fetch(`${base}/requests/${randomUUID()}.xml`, { headers: bearer(token) });
    expect(unknownXml.status).toBe(404);
    expect(await unknownXml.text()).toContain('<errors><error><code>404</code>');
    const noToken = await fetch(`${base}/requests.xml`);
    expect(noToken.status).toBe(401);
    expect(await noToken.text()).toContain('<errors><error><code>401</code>');
    // Elsewhere the API still answers problem documents, and refuses forms.
    const elsewhere = await fetch(`${api.url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(token) },
      body: 'description=x',
    });
    expect(elsewhere.status).toBe(415);
    expect(elsewhere.headers.get('content-type')).toContain('application/problem+json');
    expect(await stack.settledWorkflowsOnQueue()).toBe(before);
  });

  it('replays a retried creation with the same Idempotency-Key instead of raising twice', async () => {
    const key = `open311-${randomUUID()}`;
    const send = async () => {
      const response = await fetch(`${base}/requests.json`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': key,
          ...bearer(await as(actors.resident)),
        },
        body: JSON.stringify({ service_code: '环境卫生', description: '垃圾桶满了' }),
      });
      return { status: response.status, body: (await response.json()) as { service_request_id: string }[] };
    };
    const before = await stack.settledWorkflowsOnQueue();
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second).toEqual(first);
    expect(await stack.settledWorkflowsOnQueue()).toBe(before + 1);
    // No address given: the resident's own village.
    const placed = await waitFor(
      async () => {
        const id = first.body[0]!.service_request_id;
        const [request] = (await get<ServiceRequest[]>(`/requests/${id}.json`, actors.resident)).body;
        return request?.service_request_id === id ? request : undefined;
      },
      { description: 'the request in the read model' },
    );
    expect(placed.address_id).toBe('dengfeng');
  });
});
