/**
 * A suite's own calls to the API. Reads and writes may go through the console's /api proxy with a
 * bearer token of their own (as any program may); the token itself comes from the case API directly,
 * since the console never serves the case API's development login.
 */

/** A development token for the person, from the case API's own development login. */
export async function apiToken(caseApiUrl: string, person: { id: string; role: string }): Promise<string> {
  const answer = await fetch(`${caseApiUrl}/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: person.id, role: person.role }),
  });
  return ((await answer.json()) as { accessToken: string }).accessToken;
}

export async function getJson<T>(url: string, token: string): Promise<T> {
  const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`${url} answered ${answer.status}`);
  return (await answer.json()) as T;
}

/** Posts as the person with this token; answers the status and the parsed body. */
export async function postJson<T>(
  url: string,
  body: unknown,
  token: string,
): Promise<{ status: number; body: T }> {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: answer.status, body: (await answer.json()) as T };
}

/** What an action answers: the case's view as the workflow decided it (the parts the suites read). */
export interface ActionAnswer {
  view: { supervision: { leaderIds: string[] } | null };
  eventSeq: number;
}

/** An action on the case as the person, straight to the case API; a refusal fails the step with the API's answer. */
export async function actOnCase(caseApiUrl: string, id: string, action: string, body: object, person: { id: string; role: string }): Promise<ActionAnswer> {
  const answer = await postJson<ActionAnswer>(`${caseApiUrl}/cases/${id}/actions/${action}`, body, await apiToken(caseApiUrl, person));
  if (answer.status !== 200) throw new Error(`${action} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}
