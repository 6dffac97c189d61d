// Actors of the embedded Bishan organisation (libs/db/src/organisation) used across the e2e suites.
export const actors = {
  dengfengSecretary: { id: 'dengfeng-secretary', role: 'village-secretary', townId: 'laifeng', villageId: 'dengfeng' },
  laifengTriage: { id: 'laifeng-secretary', role: 'town-triage', townId: 'laifeng' },
  powerHandler: { id: 'power-supply-handler-1', role: 'department-handler', departmentId: 'power-supply' },
  umHandler: { id: 'urban-management-handler-1', role: 'department-handler', departmentId: 'urban-management' },
  resident: { id: 'resident-dengfeng-1', role: 'resident', townId: 'laifeng', villageId: 'dengfeng' },
} as const;

/** 登凤村's first question in the report: tangled power and network lines. */
export function tangledLinesCase() {
  return {
    actor: actors.dengfengSecretary,
    category: '线路整治',
    description: '电力和网络线路杂乱,存在安全隐患,能否规范安装? 🔌',
    complexity: 'simple',
    channel: 'meeting',
    location: { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-01' },
    reporterIds: [actors.resident.id],
  };
}

// Responses are inspected field by field in the assertions, whatever their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json(), contentType: response.headers.get('content-type') };
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}
