import { ApiClient, type ApiAnswer, type Person } from './api-client';
import { District } from './district';

/** The states the demo shows, one case each. */
export const showcases = [
  'unclaimed',
  'overdue',
  'extensionPending',
  'reopened',
  'resolvedOnSpot',
  'claimedLate',
] as const;
export type Showcase = (typeof showcases)[number];

export interface DemoScenarioOptions {
  baseUrl: string;
  /** Where each line goes as a case reaches its state; nothing when omitted. */
  say?: (line: string) => void;
  /** How long every showcase may take to reach its state before the scenario gives up. */
  timeoutMs?: number;
  /** How often a case is read while waiting for the server's timers. */
  pollMs?: number;
  /** Keeps idempotency keys of two runs apart (a rerun raises new cases); a fixed tag replays the first run. */
  runTag?: string;
}

interface ViewAnswer {
  status: string;
  escalation: { targetIds: string[] } | null;
  escalationLevel: number;
  overdue: boolean;
  reopenCount: number;
  pendingExtension: { workingDays: number } | null;
  supervision: { level: string; leaderIds: string[] } | null;
}

/** One case of the demo: where it is raised, about what, and by whom. Fixed: the same every run. */
interface DemoCase {
  showcase: Showcase;
  category: string;
  description: string;
  complexity: 'simple' | 'general';
  townId: string;
  villageId: string;
}

const ADMIN: Person = { id: 'admin', role: 'admin' };

/**
 * A fixed set of cases driven through the public API, as the seed organisation's people, to the
 * states a demonstration should show within two minutes on the demo-compressed-2026.2 policy (a
 * working day lasts 2 s): a published case nobody claims (escalated up the chain), a claimed case
 * left past its deadline (overdue, escalated), an extension request waiting for the supervising
 * leader, a case rated dissatisfied and reopened, one resolved on the spot and one claimed late.
 * No randomness: the same cases, texts and people every run; only the case ids are new.
 * The server's own timers make the escalations; the scenario only waits and reads.
 */
export class DemoScenario {
  readonly api: ApiClient;
  private readonly district = new District();
  private readonly say: (line: string) => void;
  private readonly deadline: number;
  private readonly pollMs: number;
  private readonly runTag: string;
  private readonly steps = new Map<string, number>();

  constructor(private readonly options: DemoScenarioOptions) {
    this.api = new ApiClient(options.baseUrl);
    this.say = options.say ?? (() => undefined);
    this.deadline = Date.now() + (options.timeoutMs ?? 120_000);
    this.pollMs = options.pollMs ?? 500;
    this.runTag = options.runTag ?? Date.now().toString(36);
  }

  /** The cases, in the order they are raised. */
  cases(): DemoCase[] {
    // The first village of fixed towns, and the first village with resident accounts (the reporter
    // of the reopened case must log in to rate it).
    const villageOf = (townId: string) => {
      const village = this.district.villagesOf(townId)[0];
      if (!village) throw new Error(`town '${townId}' has no village`);
      return { townId, villageId: village.id };
    };
    const rating = this.district.residentVillages[0];
    if (!rating) throw new Error('no village has resident accounts');
    return [
      { showcase: 'unclaimed', category: '农村公路', description: '村道路面坑洼,雨天积水,群众出行不便', complexity: 'simple', ...villageOf('daxing') },
      { showcase: 'overdue', category: '环境卫生', description: '垃圾收集点清运不及时,夏天异味很大', complexity: 'simple', ...villageOf('bicheng') },
      { showcase: 'extensionPending', category: '供水管道', description: '供水管道老化,经常停水,需要更换主管', complexity: 'general', ...villageOf('qinggang') },
      { showcase: 'reopened', category: '村容村貌', description: '院坝边的排水沟堵塞,杂草丛生', complexity: 'simple', townId: rating.townId, villageId: rating.id },
      { showcase: 'resolvedOnSpot', category: '邻里纠纷', description: '两户因院坝停车位发生争执', complexity: 'simple', ...villageOf('dingjia') },
      { showcase: 'claimedLate', category: '线路整治', description: '电力和网络线路杂乱,存在安全隐患', complexity: 'simple', ...villageOf('zhengxing') },
    ];
  }

  /** Raises every case in order, then drives them side by side; resolves with the case id of each showcase. */
  async run(): Promise<Record<Showcase, string>> {
    const raised: [DemoCase, string][] = [];
    for (const demoCase of this.cases()) raised.push([demoCase, await this.raise(demoCase)]);
    const ids = Object.fromEntries(raised.map(([c, id]) => [c.showcase, id])) as Record<Showcase, string>;
    await Promise.all(raised.map(([demoCase, id]) => this.drive(demoCase, id)));
    return ids;
  }

  private async raise(demoCase: DemoCase): Promise<string> {
    const secretary = this.district.villageSecretary(demoCase.villageId);
    const courtyard = this.district.courtyardsOf(demoCase.villageId)[0];
    const residents = this.district.residentsOf(demoCase.villageId);
    const answer = await this.api.post(
      secretary,
      '/cases',
      'raiseCase',
      {
        category: demoCase.category,
        description: demoCase.description,
        complexity: demoCase.complexity,
        channel: 'meeting',
        location: {
          townId: demoCase.townId,
          villageId: demoCase.villageId,
          ...(courtyard ? { courtyardId: courtyard } : {}),
        },
        reporterIds: [residents[0] ?? `resident-${demoCase.villageId}-demo`],
        ...(demoCase.showcase === 'resolvedOnSpot'
          ? { resolvedOnSpot: { summary: '村干部现场调解,双方当场达成一致' } }
          : {}),
      },
      `demo-${this.runTag}-${demoCase.showcase}`,
    );
    if (answer.status !== 201)
      throw new Error(`raising the ${demoCase.showcase} case answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.id as string;
  }

  private async drive(demoCase: DemoCase, id: string): Promise<void> {
    const { townId, villageId, category } = demoCase;
    const line = (what: string) => this.say(`${category}  ${what}  case ${id}`);
    const triage = this.district.townTriage(townId);
    const secretary = this.district.villageSecretary(villageId);
    const department = this.district.departmentsCovering(category)[0];
    if (demoCase.showcase === 'resolvedOnSpot') {
      line('resolved on the spot at the meeting: closed');
      return;
    }
    if (demoCase.showcase === 'reopened') {
      await this.act(id, triage, 'triageCase', { route: 'village' });
      await this.act(id, secretary, 'reportResult', { summary: '已组织村民清理排水沟' });
      await this.act(id, secretary, 'giveFeedback', { note: '已向群众反馈办理结果' });
      const reporter: Person = { id: this.district.residentsOf(villageId)[0]!, role: 'resident' };
      const view = await this.act(id, reporter, 'rateCase', { rating: 'dissatisfied', comment: '沟里又堵了,问题没有真正解决' });
      line(`rated dissatisfied by the resident: reopened (重办 ${view.reopenCount}), handled again by the village`);
      return;
    }
    if (!department) throw new Error(`no department covers '${category}'`);
    const handler = this.district.departmentHandler(department, 0);
    const plan = {
      plan: '现场踏勘后制定整改方案,明确时限',
      responsibility: { unit: department.name, personName: '经办人', personId: handler.id },
    };
    await this.act(id, triage, 'triageCase', { route: 'district' });
    switch (demoCase.showcase) {
      case 'unclaimed': {
        line('published to the departments; nobody claims it');
        const escalated = await this.until(id, (v) => v.escalationLevel >= 1, 'the unclaimed case to be escalated');
        line(`claim window missed (late claim): escalated to the supervising district leader ${this.names(escalated)}`);
        const atTheTop = await this.until(id, (v) => v.escalationLevel >= 2, 'the unclaimed case to reach the top leaders');
        line(`still unclaimed: escalated to the district’s top leaders ${this.names(atTheTop)}`);
        return;
      }
      case 'overdue': {
        await this.act(id, handler, 'claimCase', {});
        await this.act(id, handler, 'submitHandlingPlan', plan);
        line(`claimed by ${department.name}, planned, then left`);
        const overdue = await this.until(id, (v) => v.overdue && v.escalationLevel >= 1, 'the claimed case to be overdue');
        line(`handling deadline missed: overdue, escalated to the responsible leader ${this.names(overdue)}`);
        const climbed = await this.until(id, (v) => v.escalationLevel >= 2, 'the overdue case to reach the supervising district leader');
        line(`still overdue: escalated to the supervising district leader ${this.names(climbed)}`);
        return;
      }
      case 'extensionPending': {
        await this.act(id, handler, 'claimCase', {});
        await this.act(id, handler, 'submitHandlingPlan', plan);
        const view = await this.act(id, handler, 'requestExtension', { workingDays: 5, reason: '需协调第三方施工,材料未到' });
        const leader = view.supervision?.leaderIds[0];
        line(`extension of 5 working days requested by ${department.name}: waiting for ${leader ? this.district.nameOf(leader) : 'the supervising leader'}`);
        return;
      }
      case 'claimedLate':
        line('published to the departments; claimed only after the claim window');
        await this.until(id, (v) => v.escalationLevel >= 1, 'the late-claim case to be escalated');
        await this.act(id, handler, 'claimCase', {});
        await this.act(id, handler, 'submitHandlingPlan', plan);
        line(`claimed late by ${department.name}, after the escalation`);
        return;
    }
  }

  /**
   * One action as the person. A 404 right after raising is the read model catching up (the API
   * scopes actions by it) and is tried again; any other refusal stops the scenario.
   */
  private async act(id: string, person: Person, action: string, body: object): Promise<ViewAnswer> {
    const step = this.steps.get(id) ?? 0;
    this.steps.set(id, step + 1);
    let answer: ApiAnswer | undefined;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      answer = await this.api.post(person, `/cases/${id}/actions/${action}`, action, body, `${id}-demo-${step}-${action}`);
      if (answer.status !== 404) break;
      await sleep(250 * (attempt + 1));
    }
    if (answer?.status !== 200)
      throw new Error(`${action} on case ${id} answered ${answer?.status}: ${JSON.stringify(answer?.body)}`);
    return answer.body.view as ViewAnswer;
  }

  /** Reads the case until the server's timers have brought it where `reached` says, or gives up. */
  private async until(id: string, reached: (view: ViewAnswer) => boolean, what: string): Promise<ViewAnswer> {
    for (;;) {
      const answer = await this.api.get(ADMIN, `/cases/${id}`, 'getCase');
      // The row's fields (status, escalationLevel, overdue) with the full view beside them.
      const view = answer.status === 200 ? ({ ...answer.body.view, ...answer.body } as ViewAnswer) : undefined;
      if (view && reached(view)) return view;
      if (Date.now() >= this.deadline) throw new Error(`gave up waiting for ${what} (case ${id})`);
      await sleep(this.pollMs);
    }
  }

  /** Who the case's latest escalation went to, by name (at most three, then how many more). */
  private names(view: ViewAnswer): string {
    const ids = view.escalation?.targetIds ?? [];
    const shown = ids.slice(0, 3).map((id) => this.district.nameOf(id)).join('、');
    return ids.length > 3 ? `(${shown} +${ids.length - 3})` : `(${shown})`;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
