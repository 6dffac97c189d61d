// People of the embedded Bishan organisation (libs/db/src/organisation) used across the e2e suites,
// and HTTP helpers that act as them: each logs in through /auth/dev-login and sends its bearer token.
export const actors = {
  dengfengSecretary: { id: 'dengfeng-secretary', role: 'village-secretary' },
  sanxingSecretary: { id: 'sanxing-secretary', role: 'village-secretary' },
  laifengTriage: { id: 'laifeng-secretary', role: 'town-triage' },
  powerHandler: { id: 'power-supply-handler-1', role: 'department-handler' },
  umHandler: { id: 'urban-management-handler-1', role: 'department-handler' },
  resident: { id: 'resident-dengfeng-1', role: 'resident' },
  districtLeader: { id: 'dl-09', role: 'district-leader' },
  admin: { id: 'admin', role: 'admin' },
} as const;

export type Person = { readonly id: string; readonly role: string };

/** 登凤村's first question in the report: tangled power and network lines. */
export function tangledLinesCase() {
  return {
    category: '线路整治',
    description: '电力和网络线路杂乱,存在安全隐患,能否规范安装? 🔌',
    complexity: 'simple',
    channel: 'meeting',
    location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
    reporterIds: [actors.resident.id],
  };
}

const tokens = new Map<string, Promise<string>>();

/** A development token for the person in that role, from the API at `apiUrl` (one login per person and API). */
export function tokenFor(apiUrl: string, person: Person): Promise<string> {
  const cacheKey = `${apiUrl} ${person.id} ${person.role}`;
  let token = tokens.get(cacheKey);
  if (!token) {
    token = (async () => {
      const answer = await postJson(`${apiUrl}/auth/dev-login`, { userId: person.id, role: person.role });
      if (answer.status !== 200)
        throw new Error(
          `dev-login of ${person.id} as ${person.role} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
        );
      return answer.body.accessToken as string;
    })();
    tokens.set(cacheKey, token);
  }
  return token;
}

export const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

// Responses are inspected field by field in the assertions, whatever their shape.
export async function postJson(
  url: string,
  body: unknown,
  token?: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: await response.json(),
    contentType: response.headers.get('content-type'),
  };
}

export async function getJson<T>(url: string, token?: string): Promise<T> {
  const response = await fetch(url, { headers: bearer(token) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}
