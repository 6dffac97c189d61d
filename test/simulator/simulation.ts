import { ApiClient, type ApiAnswer, type Person } from './api-client';
import { District } from './district';
import { summarise, type LatencySummary } from './latency';
import { defaultProfile, type SimulationProfile } from './profile';
import { ProgressBar } from './progress';
import { Random } from './random';

export interface SimulationOptions {
  baseUrl: string;
  /** Cases raised per second, on a fixed schedule whatever the answers' speed (open loop). */
  rate: number;
  /** Seconds during which cases arrive. */
  durationS: number;
  seed: number;
  /** Seconds to let journeys under way go on after the last arrival; what is unfinished then is reported open. */
  drainS: number;
  profile?: SimulationProfile;
  progress?: boolean;
}

export type Outcome =
  | 'resolvedOnSpot'
  | 'satisfied'
  | 'basicallySatisfied'
  | 'leftToRatingWindow'
  | 'openAtEnd'
  | 'raiseFailed'
  | 'stoppedByError';

export interface SimulationSummary {
  seed: number;
  rate: number;
  durationS: number;
  arrivals: number;
  meetings: {
    opened: number;
    closed: number;
    byLevel: Record<string, number>;
    invitedHouseholds: number;
    attendees: number;
    householdsAtHome: number;
  };
  outcomes: Record<Outcome, number>;
  events: Record<string, number>;
  requests: number;
  errors: Record<string, number>;
  errorCount: number;
  /** Requests sent again with the same Idempotency-Key after no answer or a 5xx. */
  retries: Record<string, number>;
  latencyMs: { writes: LatencySummary; reads: LatencySummary };
  /** How late arrivals were sent against their schedule: large values mean the client could not keep the rate. */
  sendLagMs: LatencySummary;
  elapsedS: number;
}

type Level = 'village' | 'town' | 'district';

interface MeetingSlot {
  readonly number: number;
  readonly level: Level;
  readonly convener: Person;
  readonly townId: string;
  readonly villageId?: string;
  readonly capacity: number;
  readonly invited: number;
  assigned: number;
  answered: number;
  raised: number;
  resolved: number;
  opened?: Promise<string | undefined>;
  closing?: Promise<void>;
}

interface CaseRun {
  id?: string;
  /** Numbers the case's actions, for their idempotency keys. */
  step: number;
  readonly index: number;
  readonly rng: Random;
  readonly slot: MeetingSlot;
  readonly villageId: string;
  readonly townId: string;
  readonly category: string;
  readonly reporter: Person | undefined;
  view?: CaseViewAnswer;
}

interface DeadlineAnswer {
  kind: string;
  dueAt: string;
}

interface CaseViewAnswer {
  status: string;
  closure: string | null;
  escalationLevel: number;
  overdue: boolean;
  deadlines: DeadlineAnswer[];
  supervision: { level: string; leaderIds: string[] } | null;
  handler: { level: string; unitId: string } | null;
}

class Stopped extends Error {}

/**
 * A day in Bishan over the public API: courtyard meetings at village, town and district level,
 * each with its attendance; cases raised at them, about nine in ten solved on the spot; the rest
 * go round the loop — triage, claim, handling plan, result, feedback, rating — with the profile's
 * shares of late claims, overdue results, extensions and dissatisfied ratings.
 */
export class Simulation {
  readonly api: ApiClient;
  private readonly district = new District();
  private readonly profile: SimulationProfile;
  private readonly outcomes: Record<Outcome, number> = {
    resolvedOnSpot: 0,
    satisfied: 0,
    basicallySatisfied: 0,
    leftToRatingWindow: 0,
    openAtEnd: 0,
    raiseFailed: 0,
    stoppedByError: 0,
  };
  private readonly events = new Map<string, number>();
  private readonly sendLags: number[] = [];
  private readonly slots = new Map<Level, MeetingSlot>();
  private readonly allSlots: MeetingSlot[] = [];
  private readonly meetingTotals = {
    opened: 0,
    closed: 0,
    invitedHouseholds: 0,
    householdsAtHome: 0,
    attendees: 0,
  };
  private meetingCount = 0;
  private began = performance.now();
  /** Keeps idempotency keys of two runs with the same seed apart (a rerun must raise new cases). */
  private readonly runTag = Date.now().toString(36);
  private arrivals = 0;
  private journeysRunning = 0;
  private stopAt = Number.POSITIVE_INFINITY;
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly options: SimulationOptions) {
    this.profile = options.profile ?? defaultProfile;
    this.api = new ApiClient(options.baseUrl);
  }

  async run(): Promise<SimulationSummary> {
    const { rate, durationS, drainS } = this.options;
    const total = Math.max(0, Math.round(rate * durationS));
    const intervalMs = 1000 / rate;
    const progress = this.options.progress === false ? undefined : new ProgressBar('simulate');
    const began = performance.now();
    this.began = began;
    const journeys: Promise<void>[] = [];

    // Open loop: arrival i is sent at began + i·interval, never waiting for earlier answers.
    await new Promise<void>((resolve) => {
      let next = 0;
      const tick = () => {
        const now = performance.now();
        while (next < total && began + next * intervalMs <= now) {
          this.sendLags.push(now - (began + next * intervalMs));
          journeys.push(this.arrive(next));
          next += 1;
        }
        progress?.update(next / Math.max(total, 1) / 2, this.progressDetail(next, total));
        if (next >= total) return resolve();
        setTimeout(tick, Math.max(0, began + next * intervalMs - performance.now()));
      };
      tick();
    });

    this.stopAt = Date.now() + drainS * 1000;
    const drainTimer = setInterval(() => {
      const left = Math.max(0, this.stopAt - Date.now());
      progress?.update(
        0.5 + 0.5 * (1 - left / Math.max(drainS * 1000, 1)),
        this.progressDetail(total, total),
      );
      if (left === 0) for (const wake of [...this.sleepers]) wake();
    }, 250);
    await Promise.all(journeys);
    clearInterval(drainTimer);
    await Promise.all(this.allSlots.map((slot) => this.closeMeeting(slot)));
    progress?.finish(this.progressDetail(total, total));
    return this.summary((performance.now() - began) / 1000);
  }

  private progressDetail(sent: number, total: number): string {
    return `arrivals ${sent}/${total}  running ${this.journeysRunning}  requests ${this.api.requests}  errors ${this.api.errorCount}`;
  }

  /** The summary so far, e.g. when the run is interrupted. */
  summaryNow(): SimulationSummary {
    return this.summary((performance.now() - this.began) / 1000);
  }

  private summary(elapsedS: number): SimulationSummary {
    const byLevel: Record<string, number> = {};
    for (const slot of this.allSlots) byLevel[slot.level] = (byLevel[slot.level] ?? 0) + 1;
    return {
      seed: this.options.seed,
      rate: this.options.rate,
      durationS: this.options.durationS,
      arrivals: this.arrivals,
      meetings: { ...this.meetingTotals, byLevel },
      outcomes: { ...this.outcomes },
      events: Object.fromEntries([...this.events].sort(([a], [b]) => a.localeCompare(b))),
      requests: this.api.requests,
      errors: Object.fromEntries([...this.api.errors].sort(([a], [b]) => a.localeCompare(b))),
      errorCount: this.api.errorCount,
      retries: Object.fromEntries([...this.api.retries].sort(([a], [b]) => a.localeCompare(b))),
      latencyMs: { writes: this.api.writes.summary(), reads: this.api.reads.summary() },
      sendLagMs: summarise(this.sendLags),
      elapsedS,
    };
  }

  private count(event: string): void {
    this.events.set(event, (this.events.get(event) ?? 0) + 1);
  }

  // --- meetings -------------------------------------------------------------------------------

  private slotFor(level: Level): MeetingSlot {
    const current = this.slots.get(level);
    if (current && current.assigned < current.capacity) return current;
    const number = this.meetingCount++;
    const rng = Random.derive(this.options.seed, 2, number);
    const p = this.profile;
    const ratable = rng.chance(p.ratableVillages);
    const village = rng.pick(ratable ? this.district.residentVillages : this.district.villages);
    const townId = village.townId;
    let convener: Person;
    if (level === 'village') convener = this.district.villageSecretary(village.id);
    else if (level === 'town') convener = this.district.townLeader(townId);
    else {
      const leaders = this.district.districtLeadersLinkedTo(townId);
      convener = { id: rng.pick(leaders), role: 'district-leader' };
    }
    const [low, high] = p.issuesPerMeeting[level];
    const [invitedLow, invitedHigh] = p.invitedHouseholds[level];
    const slot: MeetingSlot = {
      number,
      level,
      convener,
      townId,
      ...(level === 'village' ? { villageId: village.id } : {}),
      capacity: rng.integer(low, high),
      invited: rng.integer(invitedLow, invitedHigh),
      assigned: 0,
      answered: 0,
      raised: 0,
      resolved: 0,
    };
    slot.opened = this.openMeeting(slot, rng).catch((error: unknown) => {
      this.api.countError('openMeeting', errorText(error));
      return undefined;
    });
    this.slots.set(level, slot);
    this.allSlots.push(slot);
    return slot;
  }

  private async openMeeting(slot: MeetingSlot, rng: Random): Promise<string | undefined> {
    const place = slot.villageId
      ? {
          townId: slot.townId,
          villageId: slot.villageId,
          courtyardId: rng.pick(this.district.courtyardsOf(slot.villageId)),
        }
      : { townId: slot.townId };
    const topics = [
      'onSpotProblemSolving',
      rng.pick(['policyBriefing', 'villageAffairsDisclosure', 'opinionCollection', 'progressReport']),
    ];
    const key = `sim-meeting-${this.options.seed}-${slot.number}-${this.runTag}`;
    const opened = await this.api.post(
      slot.convener,
      '/meetings',
      'openMeeting',
      {
        level: slot.level,
        scheduledAt: new Date().toISOString(),
        place,
        mode: 'inPerson',
        invitedHouseholds: slot.invited,
        topics,
      },
      key,
    );
    if (opened.status !== 201) {
      this.api.countError('openMeeting', opened.status);
      return undefined;
    }
    this.meetingTotals.opened += 1;
    const atHome = Math.round(slot.invited * rng.between(...this.profile.atHomeShare));
    const attendees = Math.round(atHome * rng.between(...this.profile.attendanceShare));
    const id: string = opened.body.id;
    const attendance = await this.api.post(
      slot.convener,
      `/meetings/${id}/attendance`,
      'recordAttendance',
      { householdsAtHome: atHome, attendees },
      `${key}-attendance`,
    );
    if (attendance.status !== 200) this.api.countError('recordAttendance', attendance.status);
    else {
      this.meetingTotals.invitedHouseholds += slot.invited;
      this.meetingTotals.householdsAtHome += atHome;
      this.meetingTotals.attendees += attendees;
    }
    return id;
  }

  /** Once every case given to the meeting has been answered: closed with what was raised and solved. */
  private closeMeeting(slot: MeetingSlot): Promise<void> {
    if (slot.closing) return slot.closing;
    slot.closing = (async () => {
      const id = await slot.opened;
      if (!id) return;
      const closed = await this.api.post(
        slot.convener,
        `/meetings/${id}/close`,
        'closeMeeting',
        { issuesRaised: slot.raised, resolvedOnSpot: slot.resolved },
        `sim-meeting-${this.options.seed}-${slot.number}-${this.runTag}-close`,
      );
      if (closed.status !== 200) this.api.countError('closeMeeting', closed.status);
      else this.meetingTotals.closed += 1;
    })().catch((error: unknown) => this.api.countError('closeMeeting', errorText(error)));
    return slot.closing;
  }

  // --- cases ----------------------------------------------------------------------------------

  private async arrive(index: number): Promise<void> {
    this.arrivals += 1;
    this.journeysRunning += 1;
    const rng = Random.derive(this.options.seed, 1, index);
    const level = rng.weighted(this.profile.meetingLevels);
    const slot = this.slotFor(level);
    slot.assigned += 1;
    const ratableHere = this.district.residentVillages.filter((v) => v.townId === slot.townId);
    const villageId =
      slot.villageId ??
      (ratableHere.length && rng.chance(this.profile.ratableVillages)
        ? rng.pick(ratableHere).id
        : rng.pick(this.district.villagesOf(slot.townId)).id);
    const residents = this.district.residentsOf(villageId);
    const run: CaseRun = {
      step: 0,
      index,
      rng,
      slot,
      villageId,
      townId: slot.townId,
      category: rng.pick(this.district.categories),
      reporter: residents.length ? { id: rng.pick(residents), role: 'resident' } : undefined,
    };
    try {
      if (rng.chance(this.profile.ledgerReadPerArrival)) void this.readLedger(run);
      await this.journey(run);
    } catch (error) {
      if (error instanceof Stopped) this.outcomes.openAtEnd += 1;
      else {
        this.outcomes.stoppedByError += 1;
        this.api.countError('journey', errorText(error));
      }
    } finally {
      this.journeysRunning -= 1;
    }
  }

  private async readLedger(run: CaseRun): Promise<void> {
    try {
      const leader = this.district.townLeader(run.townId);
      const answer = await this.api.get(leader, `/cases?townId=${run.townId}&limit=20`, 'listCases');
      if (answer.status !== 200) this.api.countError('listCases', answer.status);
    } catch (error) {
      this.api.countError('listCases', errorText(error));
    }
  }

  private async journey(run: CaseRun): Promise<void> {
    const { rng, slot } = run;
    const p = this.profile;
    const resolved = rng.chance(p.resolvedOnSpot);
    const complexity = rng.weighted(p.complexity);
    const courtyards = this.district.courtyardsOf(run.villageId);
    const meetingId = await slot.opened;
    const body = {
      category: run.category,
      description: `${run.category}: 第${slot.number + 1}场${levelName[slot.level]}院坝会上群众反映的问题`,
      complexity,
      channel: 'meeting',
      ...(meetingId ? { meetingId } : {}),
      location: {
        townId: run.townId,
        villageId: run.villageId,
        ...(courtyards.length ? { courtyardId: rng.pick(courtyards) } : {}),
      },
      reporterIds: [run.reporter?.id ?? `resident-${run.villageId}-${rng.integer(100, 999)}`],
      ...(resolved ? { resolvedOnSpot: { summary: '现场协调解决,群众当场认可' } } : {}),
    };
    const raised = await this.api.post(
      slot.convener,
      '/cases',
      'raiseCase',
      body,
      `sim-${this.options.seed}-${run.index}-${this.runTag}`,
    );
    slot.answered += 1;
    if (raised.status !== 201) {
      this.api.countError('raiseCase', raised.status);
      this.outcomes.raiseFailed += 1;
      this.closeIfDone(slot);
      return;
    }
    slot.raised += 1;
    if (resolved) slot.resolved += 1;
    this.closeIfDone(slot);
    run.id = raised.body.id as string;
    if (resolved) {
      this.outcomes.resolvedOnSpot += 1;
      return;
    }
    this.count('enteredLedger');

    const route = rng.weighted(p.triageRoute);
    await this.sleepDays(rng.between(...p.delays.triage));
    await this.act(run, this.district.townTriage(run.townId), 'triageCase', { route });
    this.count(`triaged:${route}`);

    let handler: Person;
    if (route === 'district') {
      const departments = this.district.departmentsCovering(run.category);
      const department = rng.pick(departments);
      handler = this.district.departmentHandler(department, rng.integer(0, 10));
      const claimDue = this.due(run, 'claimWindow');
      if (rng.chance(p.lateClaim) && claimDue !== undefined) {
        await this.sleepUntil(claimDue + this.days(rng.between(...p.delays.lateClaim)));
        this.count('lateClaim');
      } else await this.sleepDays(rng.between(...p.delays.claim));
      await this.act(run, handler, 'claimCase', {});
      await this.sleepDays(rng.between(...p.delays.plan));
      await this.act(run, handler, 'submitHandlingPlan', {
        plan: '现场踏勘后制定整改方案,明确时限',
        responsibility: { unit: department.name, personName: '经办人', personId: handler.id },
      });
    } else {
      handler =
        route === 'village'
          ? this.district.villageSecretary(run.villageId)
          : this.district.townLeader(run.townId);
    }

    for (let round = 0; ; round += 1) {
      await this.handle(run, handler, round === 0);
      await this.sleepDays(rng.between(...p.delays.feedback));
      await this.act(run, this.district.villageSecretary(run.villageId), 'giveFeedback', {
        note: '已向群众反馈办理结果',
      });
      if (!run.reporter || rng.chance(p.unrated)) {
        this.count(run.reporter ? 'notRatedByChoice' : 'reporterWithoutAccount');
        this.outcomes.leftToRatingWindow += 1;
        return;
      }
      await this.sleepDays(rng.between(...p.delays.rating));
      const dissatisfied = round < 2 && rng.chance(p.dissatisfied);
      const rating = dissatisfied
        ? 'dissatisfied'
        : rng.chance(p.basicallySatisfied)
          ? 'basicallySatisfied'
          : 'satisfied';
      await this.act(run, run.reporter, 'rateCase', {
        rating,
        ...(dissatisfied ? { comment: '问题没有真正解决' } : {}),
      });
      if (!dissatisfied) {
        this.outcomes[rating as 'satisfied' | 'basicallySatisfied'] += 1;
        if ((run.view?.escalationLevel ?? 0) > 0) this.count('closedAfterEscalation');
        return;
      }
      this.count('reopened');
    }
  }

  /** Handling until the result is reported: maybe an extension, maybe past the deadline. */
  private async handle(run: CaseRun, handler: Person, firstRound: boolean): Promise<void> {
    const { rng } = run;
    const p = this.profile;
    const now = Date.now();
    let due = this.due(run, 'handling') ?? now + this.days(5);
    if (firstRound && rng.chance(p.extensionRequested)) {
      await this.sleepUntil(now + (due - now) * 0.3);
      const requested = await this.act(
        run,
        handler,
        'requestExtension',
        { workingDays: rng.integer(1, 5), reason: '需协调第三方施工' },
        true,
      );
      if (requested) {
        this.count('extensionRequested');
        await this.sleepDays(rng.between(...p.delays.extensionDecision));
        const supervision = run.view?.supervision;
        const leaderId = supervision?.leaderIds[0];
        if (supervision && leaderId) {
          const approve = rng.chance(p.extensionApproved);
          const supervisor = { id: leaderId, role: this.district.supervisorRole(supervision.level) };
          await this.act(run, supervisor, approve ? 'approveExtension' : 'rejectExtension', {
            reason: approve ? '情况属实,同意延期' : '应在原时限内办结',
          });
          this.count(approve ? 'extensionApproved' : 'extensionRejected');
          due = this.due(run, 'handling') ?? due;
        }
      }
    }
    if (rng.chance(p.overdue)) {
      await this.sleepUntil(due + this.days(rng.between(...p.delays.overdueBy)));
      this.count('reportedOverdue');
    } else {
      const start = Date.now();
      await this.sleepUntil(start + Math.max(0, due - start) * rng.between(...p.delays.handlingFraction));
    }
    await this.act(run, handler, 'reportResult', { summary: '已按方案整改完毕' });
  }

  private due(run: CaseRun, kind: string): number | undefined {
    const deadline = run.view?.deadlines.find((d) => d.kind === kind);
    return deadline ? Date.parse(deadline.dueAt) : undefined;
  }

  /**
   * One action on the case. A 404 right after raising is the read model catching up (the API scopes
   * actions by it), so it is retried a few times; any other refusal ends the journey as an error,
   * unless `optional`.
   */
  private async act(
    run: CaseRun,
    person: Person,
    action: string,
    body: object,
    optional = false,
  ): Promise<ApiAnswer | undefined> {
    let answer: ApiAnswer | undefined;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      this.throwIfStopped();
      answer = await this.api.post(
        person,
        `/cases/${run.id}/actions/${action}`,
        action,
        body,
        `${run.id}-${action}-${run.step}`,
      );
      if (answer.status !== 404) break;
      await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
    }
    run.step += 1;
    if (!answer || answer.status !== 200) {
      this.api.countError(action, answer?.status ?? 'none');
      if (optional) return undefined;
      throw new Error(`${action} answered ${answer?.status}`);
    }
    run.view = answer.body.view as CaseViewAnswer;
    if (run.view.escalationLevel > 0) this.count('sawEscalation');
    if (run.rng.chance(this.profile.caseReadAfterAction)) {
      // Read-your-writes: the read waits until the action's events are recorded.
      const read = await this.api.get(person, `/cases/${run.id}?minSeq=${Number(answer.body.eventSeq) || 0}`, 'getCase');
      if (read.status !== 200) this.api.countError('getCase', read.status);
    }
    return answer;
  }

  private closeIfDone(slot: MeetingSlot): void {
    if (slot.assigned >= slot.capacity && slot.answered >= slot.assigned) void this.closeMeeting(slot);
  }

  private days(n: number): number {
    return n * this.profile.dayMs;
  }

  private sleepDays(n: number): Promise<void> {
    return this.sleepUntil(Date.now() + this.days(n));
  }

  /** Waits until `at`, or throws Stopped when the run's drain time ends first. */
  private sleepUntil(at: number): Promise<void> {
    this.throwIfStopped();
    if (at >= this.stopAt) at = this.stopAt;
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        if (Date.now() >= this.stopAt) reject(new Stopped());
        else resolve();
      };
      const timer = setTimeout(wake, Math.max(0, at - Date.now()));
      this.sleepers.add(wake);
    });
  }

  private throwIfStopped(): void {
    if (Date.now() >= this.stopAt) throw new Stopped();
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 80);

const levelName: Record<Level, string> = { village: '村级', town: '镇街', district: '区级' };

/** The summary as people read it at the end of a run. */
export function formatSummary(s: SimulationSummary): string {
  const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);
  const lines = [
    `simulated ${s.arrivals} cases at ${s.rate}/s for ${s.durationS} s (seed ${s.seed}) in ${s.elapsedS.toFixed(1)} s`,
    `meetings: ${s.meetings.opened} opened, ${s.meetings.closed} closed (${Object.entries(s.meetings.byLevel)
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}); participation ${s.meetings.householdsAtHome ? ((100 * s.meetings.attendees) / s.meetings.householdsAtHome).toFixed(1) : '—'} %`,
    'outcomes:',
    ...Object.entries(s.outcomes).map(([k, v]) => `  ${k.padEnd(22)} ${String(v).padStart(7)}`),
    'along the way:',
    ...Object.entries(s.events).map(([k, v]) => `  ${k.padEnd(22)} ${String(v).padStart(7)}`),
    `requests: ${s.requests}, errors: ${s.errorCount}`,
    ...Object.entries(s.errors).map(([k, v]) => `  ${k.padEnd(30)} ${String(v).padStart(7)}`),
    `retried with the same Idempotency-Key: ${Object.values(s.retries).reduce((a, b) => a + b, 0)}`,
    ...Object.entries(s.retries).map(([k, v]) => `  ${k.padEnd(30)} ${String(v).padStart(7)}`),
    `latency  writes: n=${s.latencyMs.writes.count} p50 ${ms(s.latencyMs.writes.p50)} p90 ${ms(s.latencyMs.writes.p90)} p99 ${ms(s.latencyMs.writes.p99)} max ${ms(s.latencyMs.writes.max)}`,
    `         reads:  n=${s.latencyMs.reads.count} p50 ${ms(s.latencyMs.reads.p50)} p90 ${ms(s.latencyMs.reads.p90)} p99 ${ms(s.latencyMs.reads.p99)} max ${ms(s.latencyMs.reads.max)}`,
    `send lag (open loop): p99 ${ms(s.sendLagMs.p99)} max ${ms(s.sendLagMs.max)}`,
  ];
  return lines.join('\n');
}
