import { logLevel, type Producer } from 'kafkajs';
import { createKafka } from '@bishan/messaging';
import {
  engineAddresses,
  startTestStack,
  waitFor,
  type ServiceProcess,
  type TestStack,
} from '@bishan/testing';
import { bearer } from './bishan-actors';
import { devAuthSecret, signedToken } from './dev-auth';
import { seedFigures, seedMessages, seedPeriod, seedTotals } from './reporting-seed-events';

type Rate = { numerator: number; denominator: number; value: number | null };
type KpiAnswer = {
  rows: {
    period: { key: string };
    group: string | null;
    figures: Record<string, unknown> & {
      meetingsHeld: number;
      casesResolved: number;
      onSiteResolutionRate: Rate;
      participationRate: Rate;
      approvalRate: Rate;
      mediations: number;
      mediationSuccessRate: Rate;
    };
  }[];
};

/**
 * The report's own numbers, reproduced: a data set with the report's underlying totals (derived in
 * reporting-seed-events.ts) goes through the real broker into the reporting service, and its KPI
 * endpoint answers exactly the report's figures.
 */
describe('reporting reproduces the seed report', () => {
  let stack: TestStack;
  let reporting: ServiceProcess;
  let producer: Producer;
  let headers: Record<string, string>;
  const messages = seedMessages();

  beforeAll(async () => {
    const secret = devAuthSecret('reporting-seed');
    stack = await startTestStack({ label: 'reporting-seed', services: ['reporting'], env: { DEV_AUTH_SECRET: secret } });
    reporting = stack.service('reporting');
    // The report's figures are the whole district's: read by a top district leader, who sees every
    // fact (a district leader sees the cases of their linked towns only, and none of the seed's
    // cases exist in this stack's read model, which only the case API's worker writes).
    headers = bearer(await signedToken(secret, { id: 'top-secretary', role: 'top-district-leader' }));
    const kafka = createKafka(
      { clientId: 'reporting-seed-test', brokers: engineAddresses().kafkaBrokers.split(',') },
      { logLevel: logLevel.NOTHING },
    );
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await stack?.stop();
  });

  it('answers 3,126 meetings, 3,108 solved, 89.5 %, 91 %, 93.8 %, 6,000 mediations and 99.45 %', async () => {
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic: stack.topics.caseEvents, messages: messages.slice(i, i + 500) });
    }
    const url = `${reporting.url}/reports/kpis?from=${seedPeriod.from}&to=${seedPeriod.to}&granularity=range`;
    await waitFor(
      async () => {
        const summary = (await (await fetch(`${reporting.url}/reports/summary`, { headers })).json()) as {
          eventsApplied: number;
        };
        return summary.eventsApplied === messages.length ? true : undefined;
      },
      { timeoutMs: 1_800_000, intervalMs: 5_000, description: `all ${messages.length} seed events applied` },
    );
    const answer = (await (await fetch(url, { headers })).json()) as KpiAnswer;
    expect(answer.rows).toHaveLength(1);
    const figures = answer.rows[0]!.figures;

    expect({
      meetingsHeld: figures.meetingsHeld,
      casesResolved: figures.casesResolved,
      onSiteResolutionRate: figures.onSiteResolutionRate.value,
      participationRate: figures.participationRate.value,
      approvalRate: figures.approvalRate.value,
      mediations: figures.mediations,
      mediationSuccessRate: figures.mediationSuccessRate.value,
    }).toEqual(seedFigures);
    // And from the totals the derivation names, not from some other combination that rounds the same.
    expect(figures.onSiteResolutionRate).toMatchObject({
      numerator: seedTotals.resolvedOnSpot,
      denominator: seedTotals.casesAtMeetings,
    });
    expect(figures.participationRate).toMatchObject({
      numerator: seedTotals.attendees,
      denominator: seedTotals.householdsAtHome,
    });
    expect(figures.approvalRate).toMatchObject({
      numerator: seedTotals.approvingRatings,
      denominator: seedTotals.approvingRatings + seedTotals.dissatisfiedRatings,
    });
    // Both mediation figures from the records: 6,000 mediations, 5,967 agreed in full.
    expect(figures.mediationSuccessRate).toMatchObject({
      numerator: seedTotals.mediationsAgreed,
      denominator: seedTotals.mediations,
    });

    // The same figures by quarter add up to the whole: every fact lands in exactly one period.
    const quarters = (await (
      await fetch(
        `${reporting.url}/reports/kpis?from=${seedPeriod.from}&to=${seedPeriod.to}&granularity=quarter`,
        { headers },
      )
    ).json()) as KpiAnswer;
    const total = (pick: (f: KpiAnswer['rows'][number]['figures']) => number) =>
      quarters.rows.reduce((n, r) => n + pick(r.figures), 0);
    expect(total((f) => f.meetingsHeld)).toBe(seedFigures.meetingsHeld);
    expect(total((f) => f.casesResolved)).toBe(seedFigures.casesResolved);
    expect(total((f) => f.approvalRate.numerator)).toBe(seedTotals.approvingRatings);
    expect(total((f) => f.mediations)).toBe(seedTotals.mediations);
  }, 2_400_000);
});
