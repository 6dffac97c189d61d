import { Button, Space } from 'antd';
import { Link } from 'react-router-dom';
import { actsForUnit, pauseReasons, type CaseActionType, type CaseView, type HandlingLevel } from '@bishan/domain';
import type { ReactElement } from 'react';
import { useDirectory } from '../api/organisation';
import { useActor } from '../api/client';
import { usePersonName } from '../api/people';
import { useI18n } from '../i18n';
import { nameIn, pauseReasonNames, ratingChannelNames } from '../labels/case-labels';
import { commandNames } from '../labels/policy-labels';
import { ActionButton, type ActionField } from './ActionButton';

export interface ActionableCase {
  id: string;
  handlerUnitId: string | null;
  /** What the signed-in person may do on the case now, as the API answers it: one button (or a few) each. */
  availableActions: readonly CaseActionType[];
  reporterIds?: readonly string[];
}

const ratings = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;

const unitLevelLabel = { district: 'levelDistrict', town: 'levelTown', village: 'levelVillage' } as const satisfies Record<HandlingLevel, string>;

/** The unit select's value, `level:id` (a field named as the API names the unit's id in a refusal), as the command's unit. */
function unitOfChoice({ unit, ...rest }: Record<string, unknown>): Record<string, unknown> {
  const [level, ...id] = String((unit as { unitId?: unknown } | undefined)?.unitId).split(':');
  return { ...rest, unit: { level, unitId: id.join(':') } };
}

const openTasks = (view: CaseView) => (view.jointTasks ?? []).filter((task) => task.status === 'open');

/**
 * The buttons of the actions the signed-in person may take on a case: exactly those the API lists in
 * `availableActions` (the domain's rules decide them), each with the form its command needs. With
 * the case's view (the case page) an instruction is acknowledged in place; in a list, on its page.
 */
export function CaseActions({ item, view, onDone }: { item: ActionableCase; view?: CaseView; onDone: (eventSeq?: number) => void }) {
  const { t, language } = useI18n();
  const { organisation } = useDirectory();
  const personName = usePersonName();
  const actor = useActor();
  const { unitName } = useDirectory();
  const common = { caseId: item.id, onDone };
  const label = (action: CaseActionType) => nameIn(commandNames, action, language);
  const departments = (organisation?.departments ?? [])
    .filter((d) => d.id !== item.handlerUnitId)
    .map((d) => ({ value: d.id, label: d.name }));
  const reason: ActionField = { name: 'reason', label: t('reason'), kind: 'textarea', required: true };
  const note: ActionField = { name: 'note', label: t('note'), kind: 'textarea' };
  const toDepartment = (name: string): ActionField => ({ name, label: t('toDepartment'), kind: 'select', required: true, options: departments });

  // A joint task goes to a department, or the case's own town or village (the domain's rule), never the lead unit.
  const taskUnits = [
    ...(organisation?.departments ?? []).map((d) => ({ level: 'district' as const, id: d.id, name: d.name })),
    ...(view
      ? [
          { level: 'town' as const, id: view.location.townId, name: unitName('town', view.location.townId) },
          { level: 'village' as const, id: view.location.villageId, name: unitName('village', view.location.villageId) },
        ]
      : []),
  ]
    .filter((unit) => unit.id !== item.handlerUnitId)
    .map((unit) => ({ value: `${unit.level}:${unit.id}`, label: `${t(unitLevelLabel[unit.level])} · ${unit.name}` }));
  /** A list does not hold a case's instructions or tasks: the case's page shows them, each with its button. */
  const onCasePage = (action: CaseActionType) => (
    <Link key={action} to={`/cases/${encodeURIComponent(item.id)}`}>
      <Button size="small" data-testid={`action-${action}`}>
        {label(action)}
      </Button>
    </Link>
  );

  // Keyed by the domain's actions: a new action does not compile here until it has its button.
  const buttonsOf: Record<CaseActionType, () => ReactElement[]> = {
    triageCase: () => [
      <ActionButton key="v" {...common} action="triageCase" body={{ route: 'village' }} label={t('routeVillage')} type="default" testId="triage-village" />,
      <ActionButton key="t" {...common} action="triageCase" body={{ route: 'town' }} label={t('routeTown')} type="default" testId="triage-town" />,
      <ActionButton key="d" {...common} action="triageCase" body={{ route: 'district' }} label={t('routeDistrict')} testId="triage-district" />,
    ],
    claimCase: () => [
      <ActionButton key="claim" {...common} action="claimCase" label={label('claimCase')} />,
      <ActionButton
        key="claim-co"
        {...common}
        action="claimCase"
        type="default"
        label={`${label('claimCase')} + ${t('coHandlers')}`}
        testId="action-claimCase-co"
        fields={[{ name: 'coHandlingDepartmentIds', label: t('coHandlers'), kind: 'multiselect', required: true, options: departments }]}
      />,
    ],
    assignDepartment: () => [
      <ActionButton key="assign" {...common} action="assignDepartment" label={label('assignDepartment')} fields={[toDepartment('departmentId'), reason]} />,
    ],
    returnCase: () => [<ActionButton key="return" {...common} action="returnCase" danger type="default" label={label('returnCase')} fields={[reason]} />],
    transferCase: () => [
      <ActionButton key="transfer" {...common} action="transferCase" type="default" label={label('transferCase')} fields={[toDepartment('toDepartmentId'), reason]} />,
    ],
    reassignCase: () => [
      <ActionButton key="reassign" {...common} action="reassignCase" type="default" label={label('reassignCase')} fields={[toDepartment('toDepartmentId'), reason]} />,
    ],
    submitHandlingPlan: () => [
      <ActionButton
        key="plan"
        {...common}
        action="submitHandlingPlan"
        label={label('submitHandlingPlan')}
        fields={[
          { name: 'plan', label: t('planText'), kind: 'textarea', required: true },
          { name: 'responsibility.unit', label: t('unit'), kind: 'text', required: true },
          { name: 'responsibility.personName', label: t('personName'), kind: 'text', required: true },
        ]}
      />,
    ],
    requestExtension: () => [
      <ActionButton
        key="ext"
        {...common}
        action="requestExtension"
        type="default"
        label={label('requestExtension')}
        fields={[{ name: 'workingDays', label: t('workingDays'), kind: 'number', required: true, min: 1, max: 60, initial: 5 }, reason]}
      />,
    ],
    approveExtension: () => [<ActionButton key="approve" {...common} action="approveExtension" label={label('approveExtension')} fields={[reason]} />],
    rejectExtension: () => [
      <ActionButton key="reject" {...common} action="rejectExtension" danger type="default" label={label('rejectExtension')} fields={[reason]} />,
    ],
    pauseClock: () => [
      <ActionButton
        key="pause"
        {...common}
        action="pauseClock"
        type="default"
        label={label('pauseClock')}
        fields={[
          {
            name: 'reason',
            label: t('pauseReason'),
            kind: 'select',
            required: true,
            options: pauseReasons.map((r) => ({ value: r, label: nameIn(pauseReasonNames, r, language) })),
          },
          { name: 'workingDays', label: t('pauseDays'), kind: 'number', min: 1, max: 250 },
          note,
        ]}
      />,
    ],
    approvePause: () => [<ActionButton key="approve-pause" {...common} action="approvePause" label={label('approvePause')} />],
    rejectPause: () => [
      <ActionButton key="reject-pause" {...common} action="rejectPause" danger type="default" label={label('rejectPause')} fields={[reason]} />,
    ],
    resumeClock: () => [<ActionButton key="resume" {...common} action="resumeClock" type="default" label={label('resumeClock')} />],
    reportResult: () => [
      <ActionButton
        key="result"
        {...common}
        action="reportResult"
        label={label('reportResult')}
        fields={[{ name: 'summary', label: t('resultSummary'), kind: 'textarea', required: true }]}
      />,
    ],
    giveFeedback: () => [
      <ActionButton key="feedback" {...common} action="giveFeedback" label={label('giveFeedback')} title={t('feedbackTitle')} fields={[note]} />,
    ],
    // One tap per rating: the rating window is short, and a resident rates from a phone.
    rateCase: () =>
      ratings.map((rating) => (
        <ActionButton
          key={rating}
          {...common}
          action="rateCase"
          body={{ rating }}
          label={`${label('rateCase')}: ${t(rating)}`}
          type={rating === 'satisfied' ? 'primary' : 'default'}
          danger={rating === 'dissatisfied'}
          testId={`rate-${rating}`}
        />
      )),
    recordRating: () => [
      <ActionButton
        key="collected"
        {...common}
        action="recordRating"
        type="default"
        label={label('recordRating')}
        fields={[
          { name: 'rating', label: t('rating'), kind: 'radio', required: true, options: ratings.map((r) => ({ value: r, label: t(r) })) },
          {
            name: 'channel',
            label: t('ratingChannel'),
            kind: 'radio',
            required: true,
            options: (['inPerson', 'phone'] as const).map((c) => ({ value: c, label: nameIn(ratingChannelNames, c, language) })),
          },
          {
            name: 'residentId',
            label: t('residentReporter'),
            kind: 'select',
            options: (item.reporterIds ?? []).map((id, i) => ({ value: id, label: `${t('residentReporter')} ${i + 1}` })),
          },
          { name: 'comment', label: t('comment'), kind: 'textarea' },
        ]}
      />,
    ],
    urgeCase: () => [
      <ActionButton
        key="urge"
        {...common}
        action="urgeCase"
        type="default"
        label={label('urgeCase')}
        fields={[{ name: 'note', label: t('urgeNote'), kind: 'textarea', required: true }]}
      />,
    ],
    instructCase: () => [
      <ActionButton
        key="instruct"
        {...common}
        action="instructCase"
        type="default"
        label={label('instructCase')}
        fields={[{ name: 'text', label: t('instructionText'), kind: 'textarea', required: true }]}
      />,
    ],
    acknowledgeInstruction: () =>
      view
        ? view.instructions.map((instruction) => (
            <ActionButton
              key={`ack-${instruction.instructionId}`}
              {...common}
              action="acknowledgeInstruction"
              label={`${label('acknowledgeInstruction')}(${personName(instruction.byActorId)})`}
              body={{ instructionId: instruction.instructionId }}
              testId="action-acknowledgeInstruction"
              fields={[note]}
            />
          ))
        : [onCasePage('acknowledgeInstruction')],
    acknowledgeEscalation: () => [
      <ActionButton key="ack-escalation" {...common} action="acknowledgeEscalation" type="default" label={label('acknowledgeEscalation')} fields={[note]} />,
    ],
    assignJointTask: () => [
      <ActionButton
        key="joint-task"
        {...common}
        action="assignJointTask"
        type="default"
        label={label('assignJointTask')}
        shape={unitOfChoice}
        fields={[
          { name: 'unit.unitId', label: t('jointTaskUnit'), kind: 'select', required: true, options: taskUnits },
          { name: 'task', label: t('jointTaskText'), kind: 'textarea', required: true },
          { name: 'personName', label: t('personName'), kind: 'text', required: true },
          { name: 'workingDays', label: t('jointTaskDays'), kind: 'number', required: true, min: 1, max: 60, initial: 5 },
        ]}
      />,
    ],
    completeJointTask: () =>
      view
        ? openTasks(view)
            .filter((task) => actsForUnit(actor, task.unit))
            .map((task) => (
              <ActionButton
                key={`done-${task.taskId}`}
                {...common}
                action="completeJointTask"
                label={`${label('completeJointTask')}(${task.task.slice(0, 12)})`}
                body={{ taskId: task.taskId }}
                testId="action-completeJointTask"
                fields={[{ name: 'result', label: t('resultSummary'), kind: 'textarea', required: true }]}
              />
            ))
        : [onCasePage('completeJointTask')],
    explainJointTask: () =>
      view
        ? openTasks(view).map((task) => (
            <ActionButton
              key={`explain-${task.taskId}`}
              {...common}
              action="explainJointTask"
              type="default"
              label={`${label('explainJointTask')}(${unitName(task.unit.level, task.unit.unitId)})`}
              body={{ taskId: task.taskId }}
              testId="action-explainJointTask"
              fields={[{ name: 'explanation', label: t('jointTaskExplanation'), kind: 'textarea', required: true }]}
            />
          ))
        : [onCasePage('explainJointTask')],
    flagConcentrated: () => [
      <ActionButton key="flag" {...common} action="flagConcentrated" type="default" label={label('flagConcentrated')} fields={[reason]} />,
    ],
  };

  const buttons = item.availableActions.flatMap((action) => buttonsOf[action]());
  return buttons.length ? (
    <Space wrap size={4} data-testid="case-actions">
      {buttons}
    </Space>
  ) : null;
}
