import { systemActor } from '../actor';
import { findDepartment } from '../organisation/duty-list';
import { T0, T1, actors, directory, raiseCommand, raised } from '../test-support/org-fixture';
import type { CaseCommand } from './case-commands';
import {
  type DirectorySlice,
  directoryOfSlice,
  loadsBefore,
  sliceDirectory,
  withDepartmentsLoaded,
} from './case-directory';
import { decide } from './case-decide';
import { execute } from './case-loop';
import { type CaseState, initialState } from './case-state';
import { nextDeadline } from './deadline';

// A case's rules given its slice of the directory decide exactly as with the whole directory, as
// long as a department a command makes the lead is loaded first: the walk below sends every command
// to both and compares what each decides.

const sanitationInLaifeng = { townId: 'laifeng', category: 'sanitation' };

/** Decides with the whole directory and with the slice, loading from the whole what the slice asks. */
class Twin {
  state: CaseState = initialState;
  slice: DirectorySlice;
  loads: string[][] = [];

  constructor(scope = sanitationInLaifeng) {
    this.slice = sliceDirectory(directory, scope);
  }

  send(command: CaseCommand, now: string): boolean {
    const asked = loadsBefore(command, this.slice);
    if (asked.length > 0) {
      this.loads.push(asked);
      const loaded = asked.flatMap((id) => findDepartment(directory, id) ?? []);
      this.slice = withDepartmentsLoaded(this.slice, asked, loaded);
    }
    const whole = execute(this.state, command, { now, directory });
    const sliced = execute(this.state, command, { now, directory: directoryOfSlice(this.slice) });
    expect(sliced).toEqual(whole);
    // The validator decides before any load: it must answer as the whole directory does too.
    expect(decide(this.state, command, { now, directory: directoryOfSlice(this.slice) }).ok).toBe(whole.ok);
    if (whole.ok) this.state = whole.state;
    return whole.ok;
  }

  /** Fires the case's deadlines up to `until`, as the workflow's timers would. */
  fireUntil(until: string): number {
    let fired = 0;
    for (let next = nextDeadline(this.state); next && next.dueAt <= until; next = nextDeadline(this.state)) {
      expect(
        this.send({ type: 'deadlineReached', actor: systemActor, deadlineId: next.id }, next.dueAt),
      ).toBe(true);
      fired += 1;
    }
    return fired;
  }
}

const LATER = '2025-06-30T02:00:00.000Z';

describe('a case decides on its slice of the directory as on the whole directory', () => {
  it('keeps the departments covering its category and its own town in full, the rest by id', () => {
    const slice = sliceDirectory(directory, sanitationInLaifeng);
    expect(slice.departments.map((d) => d.id)).toEqual(['urban-management']);
    expect(slice.otherDepartmentIds).toEqual(['housing', 'power-supply']);
    expect(slice.towns.map((t) => t.id)).toEqual(['laifeng']);
    expect(slice.topDistrictLeaderIds).toEqual(directory.topDistrictLeaderIds);
    // A continued run names its lead, which is then kept in full though it does not cover the category.
    const continued = sliceDirectory(directory, { ...sanitationInLaifeng, leadDepartmentId: 'housing' });
    expect(continued.departments.map((d) => d.id)).toEqual(['urban-management', 'housing']);
    expect(continued.otherDepartmentIds).toEqual(['power-supply']);
    expect(JSON.stringify(slice).length).toBeLessThan(JSON.stringify(directory).length / 2);
  });

  it('unclaimed, escalated, claimed with co-handlers, given a joint task, then reassigned outside the duty list', () => {
    const twin = new Twin();
    expect(twin.send(raiseCommand({ policyVersion: '2026.2' }), T0)).toBe(true);
    expect(twin.send({ type: 'triageCase', actor: actors.laifengTriage, route: 'district' }, T0)).toBe(true);
    // Housing does not cover sanitation: refused alike, and nothing is loaded for a claim.
    expect(twin.send({ type: 'claimCase', actor: actors.housingHandler }, T0)).toBe(false);
    expect(twin.fireUntil('2025-03-06T02:00:00.000Z')).toBeGreaterThan(0);
    expect(raised(twin.state).escalation).not.toBeNull();
    expect(
      twin.send({ type: 'claimCase', actor: actors.umHandler, coHandlingDepartmentIds: ['nowhere'] }, T1),
    ).toBe(false);
    expect(
      twin.send(
        { type: 'claimCase', actor: actors.umHandler, coHandlingDepartmentIds: ['power-supply'] },
        T1,
      ),
    ).toBe(true);
    const jointTask: CaseCommand = {
      type: 'assignJointTask',
      actor: actors.umHandler,
      unit: { level: 'district', unitId: 'housing' },
      task: '鉴定挡土墙安全',
      personName: '刘芳',
      workingDays: 1,
    };
    expect(twin.send(jointTask, T1)).toBe(true);
    expect(twin.loads).toEqual([]);
    // A transfer must stay within the duty list: refused alike, though the target is loaded first.
    expect(
      twin.send(
        { type: 'transferCase', actor: actors.umHandler, toDepartmentId: 'power-supply', reason: '线路' },
        T1,
      ),
    ).toBe(false);
    expect(twin.loads).toEqual([['power-supply']]);
    const supervisor = raised(twin.state).supervision?.leaderIds[0];
    expect(supervisor).toBe('dl-wang');
    expect(
      twin.send(
        { type: 'reassignCase', actor: actors.dlWang, toDepartmentId: 'housing', reason: '属住建职责' },
        T1,
      ),
    ).toBe(true);
    expect(twin.loads).toEqual([['power-supply'], ['housing']]);
    // Housing's supervising leader now supervises, which only its full record could tell.
    expect(raised(twin.state).supervision?.leaderIds).toEqual(['dl-li']);
    expect(twin.fireUntil(LATER)).toBeGreaterThan(0);
    expect(raised(twin.state).escalation?.targetIds).toEqual(['top-1', 'top-2']);
  });

  it('assigned by a leader to a department outside the duty list, then escalated up its chain', () => {
    const twin = new Twin({ townId: 'zhengxing', category: 'powerLines' });
    const raise = raiseCommand({
      category: 'powerLines',
      actor: actors.shilongSecretary,
      location: { townId: 'zhengxing', villageId: 'shilong', courtyardId: 'yard-1' },
    });
    expect(twin.send(raise, T0)).toBe(true);
    expect(twin.send({ type: 'triageCase', actor: actors.zhengxingTriage, route: 'district' }, T0)).toBe(
      true,
    );
    expect(twin.fireUntil('2025-03-07T02:00:00.000Z')).toBeGreaterThan(0);
    const leader =
      raised(twin.state).escalation?.targetIds[0] ?? raised(twin.state).supervision?.leaderIds[0];
    expect(leader).toBeDefined();
    const by = leader === 'dl-wang' ? actors.dlWang : leader === 'dl-li' ? actors.dlLi : actors.top;
    expect(
      twin.send(
        { type: 'assignDepartment', actor: by, departmentId: 'urban-management', reason: '先行处置' },
        T1,
      ),
    ).toBe(true);
    expect(twin.loads).toEqual([['urban-management']]);
    expect(twin.fireUntil(LATER)).toBeGreaterThan(0);
  });

  it('drops a department that no longer exists when loaded, so the rules refuse it as unknown', () => {
    const twin = new Twin();
    twin.send(raiseCommand(), T0);
    twin.send({ type: 'triageCase', actor: actors.laifengTriage, route: 'district' }, T0);
    twin.send({ type: 'claimCase', actor: actors.umHandler }, T1);
    const reassign: CaseCommand = {
      type: 'reassignCase',
      actor: actors.dlWang,
      toDepartmentId: 'housing',
      reason: '改派',
    };
    const slice = withDepartmentsLoaded(twin.slice, loadsBefore(reassign, twin.slice), []);
    expect(slice.otherDepartmentIds).toEqual(['power-supply']);
    const decision = decide(twin.state, reassign, { now: T1, directory: directoryOfSlice(slice) });
    expect(decision).toMatchObject({ ok: false, code: 'invalid', field: 'toDepartmentId' });
  });

  it('loads a department once when two commands asked for it at the same time', () => {
    const slice = sliceDirectory(directory, sanitationInLaifeng);
    const housing = directory.departments.filter((d) => d.id === 'housing');
    const twice = withDepartmentsLoaded(
      withDepartmentsLoaded(slice, ['housing'], housing),
      ['housing'],
      housing,
    );
    expect(twice.departments.map((d) => d.id)).toEqual(['urban-management', 'housing']);
    expect(twice.otherDepartmentIds).toEqual(['power-supply']);
  });

  it('treats a whole directory (recorded before slices) as loaded in full', () => {
    const reassign: CaseCommand = {
      type: 'reassignCase',
      actor: actors.dlWang,
      toDepartmentId: 'housing',
      reason: '改派',
    };
    expect(loadsBefore(reassign, directory)).toEqual([]);
    expect(directoryOfSlice(directory)).toEqual(directory);
  });
});
