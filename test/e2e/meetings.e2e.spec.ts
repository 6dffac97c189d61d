import { randomUUID } from 'node:crypto';
import { logLevel } from 'kafkajs';
import { createKafka } from '@bishan/messaging';
import { engineAddresses, startTestStack, waitFor, type ServiceProcess, type TestStack } from '@bishan/testing';
import { actors, bearer, getJson, postJson, tangledLinesCase, tokenFor } from './bishan-actors';
import { devAuthSecret } from './dev-auth';

type MeetingAnswer = {
  id: string;
  status: string;
  level: string;
  figures: { participationRate: number | null; onSiteResolutionRate: number | null };
};

/** A village courtyard meeting over HTTP: opened, attended, cases raised at it, closed with its figures. */
describe('courtyard meetings', () => {
  let stack: TestStack;
  let api: ServiceProcess;

  beforeAll(async () => {
    stack = await startTestStack({
      label: 'meetings',
      services: ['case-api', 'case-worker', 'reporting'],
      // Reporting verifies the case API's tokens.
      env: { DEV_AUTH_SECRET: devAuthSecret('meetings') },
    });
    api = stack.service('case-api');
  });

  afterAll(() => stack?.stop());

  it('opens, records, takes cases and closes with the meeting figures', async () => {
    const secretary = await tokenFor(api.url, actors.dengfengSecretary);
    const place = { townId: 'laifeng', villageId: 'dengfeng', courtyardId: 'dengfeng-yard-07' };
    const opened = await postJson(
      `${api.url}/meetings`,
      { level: 'village', scheduledAt: new Date().toISOString(), place, mode: 'inPerson', invitedHouseholds: 40, topics: ['villageAffairsDisclosure', 'onSpotProblemSolving'] },
      secretary,
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', level: 'village', convener: { id: 'dengfeng-secretary' }, figures: { participationRate: null } });
    const meetingId: string = opened.body.id;

    const elsewhere = await postJson(
      `${api.url}/meetings`,
      { level: 'village', scheduledAt: new Date().toISOString(), place: { townId: 'laifeng', villageId: 'sanxing' }, mode: 'inPerson', invitedHouseholds: 10 },
      secretary,
    );
    expect(elsewhere.status).toBe(403);

    const attendance = await postJson(`${api.url}/meetings/${meetingId}/attendance`, { householdsAtHome: 25, attendees: 23 }, secretary);
    expect(attendance.status).toBe(200);
    expect(attendance.body.figures.participationRate).toBeCloseTo(23 / 25, 10);
    const impossible = await postJson(`${api.url}/meetings/${meetingId}/attendance`, { householdsAtHome: 25, attendees: 26 }, secretary);
    expect(impossible.status).toBe(422);

    const atMeeting = await postJson(`${api.url}/cases`, { ...tangledLinesCase(), meetingId }, secretary);
    expect(atMeeting.status).toBe(201);
    const unknownMeeting = await postJson(`${api.url}/cases`, { ...tangledLinesCase(), meetingId: randomUUID() }, secretary);
    expect(unknownMeeting.status).toBe(422);
    expect(unknownMeeting.body.errors).toEqual([expect.objectContaining({ field: 'body.meetingId', code: 'unknown' })]);

    const closed = await postJson(`${api.url}/meetings/${meetingId}/close`, { issuesRaised: 10, resolvedOnSpot: 9 }, secretary);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', figures: { onSiteResolutionRate: 0.9 } });
    expect((await postJson(`${api.url}/meetings/${meetingId}/close`, { issuesRaised: 10, resolvedOnSpot: 9 }, secretary)).status).toBe(409);

    const listed = await getJson<{ items: MeetingAnswer[]; total: number }>(`${api.url}/meetings?villageId=dengfeng&status=closed`, secretary);
    expect(listed.items.map((m) => m.id)).toContain(meetingId);
    expect(listed.items.every((m) => m.status === 'closed')).toBe(true);

    // The meeting's events went out with its changes and the reporting consumer took them in: the
    // fact carries what was opened, the attendance as recorded and the close's figures; the
    // secretary, an official, may read it.
    const reporting = stack.service('reporting');
    const fact = await waitFor(
      async () => {
        const response = await fetch(`${reporting.url}/reports/meetings/${meetingId}`, { headers: bearer(secretary) });
        const body = response.status === 200 ? ((await response.json()) as Record<string, unknown> | null) : null;
        return body?.['closedAt'] ? body : undefined;
      },
      { timeoutMs: 60_000, description: `reporting's fact of meeting ${meetingId} closed` },
    );
    expect(fact).toMatchObject({
      meetingId,
      level: 'village',
      convenerId: 'dengfeng-secretary',
      townId: 'laifeng',
      villageId: 'dengfeng',
      courtyardId: 'dengfeng-yard-07',
      invitedHouseholds: 40,
      householdsAtHome: 25,
      attendees: 23,
      issuesRaised: 10,
      resolvedOnSpot: 9,
    });
    // Valid meeting events are never dead-lettered by a consumer that validates the topic's union.
    const admin = createKafka(
      { clientId: 'meetings-e2e', brokers: engineAddresses().kafkaBrokers.split(',') },
      { logLevel: logLevel.NOTHING },
    ).admin();
    await admin.connect();
    try {
      const deadLetters = await admin.fetchTopicOffsets(stack.topics.caseEventsDeadLetter);
      expect(deadLetters.every((p) => p.high === p.low)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });
});
