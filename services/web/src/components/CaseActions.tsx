import { Space } from 'antd';
import { commandRoles, isSupervisingLeader, pauseReasons, type CaseView, type Role } from '@bishan/domain';
import type { ReactElement } from 'react';
import type { CaseStatus } from '../api/cases';
import { useActor } from '../api/client';
import { useDirectory } from '../api/organisation';
import { usePersonName } from '../api/people';
import { useI18n } from '../i18n';
import { nameIn, pauseReasonNames, ratingChannelNames } from '../labels/case-labels';
import { ActionButton, type ActionField } from './ActionButton';

export interface ActionableCase {
  id: string;
  status: CaseStatus;
  townId: string;
  villageId: string;
  handlerLevel: string | null;
  handlerUnitId: string | null;
  pendingExtension?: boolean;
  /** Known on the case page only; elsewhere whoever may decide extensions is offered it, the API checks the scope. */
  supervisorIds?: readonly string[];
  reporterIds?: readonly string[];
}

const departmentRoles: readonly string[] = commandRoles.claimCase;
const extensionDeciders: readonly string[] = commandRoles.approveExtension;
const supervisionRoles: readonly string[] = commandRoles.urgeCase;
const urgeable: readonly CaseStatus[] = ['inLedger', 'published', 'claimed', 'handling', 'resultReported'];

/**
 * The actions the signed-in person may try on a case in its state. The API decides in the end;
 * this only offers what would make sense, so a refusal is the exception. With the case's view (the
 * case page) it also offers what depends on it: supervision, pauses, instructions, escalations.
 */
export function CaseActions({ item, view, onDone }: { item: ActionableCase; view?: CaseView; onDone: (eventSeq?: number) => void }) {
  const actor = useActor();
  const { t, language } = useI18n();
  const { organisation } = useDirectory();
  const personName = usePersonName();
  const buttons: ReactElement[] = [];
  const common = { caseId: item.id, onDone };
  const handlesIt =
    (item.handlerLevel === 'district' && departmentRoles.includes(actor.role) && actor.departmentId === item.handlerUnitId) ||
    (item.handlerLevel === 'village' && actor.role === 'village-secretary' && actor.villageId === item.handlerUnitId) ||
    (item.handlerLevel === 'town' && actor.role === 'town-leader' && actor.townId === item.handlerUnitId);
  const working = item.status === 'claimed' || item.status === 'handling';
  const paused = Boolean(view?.paused);
  const departments = (organisation?.departments ?? [])
    .filter((d) => d.id !== item.handlerUnitId)
    .map((d) => ({ value: d.id, label: d.name }));
  const reason: ActionField = { name: 'reason', label: t('reason'), kind: 'textarea', required: true };

  if (actor.role === 'town-triage' && item.status === 'inLedger') {
    buttons.push(
      <ActionButton key="v" {...common} action="triageCase" body={{ route: 'village' }} label={t('routeVillage')} type="default" testId="triage-village" />,
      <ActionButton key="t" {...common} action="triageCase" body={{ route: 'town' }} label={t('routeTown')} type="default" testId="triage-town" />,
      <ActionButton key="d" {...common} action="triageCase" body={{ route: 'district' }} label={t('routeDistrict')} testId="triage-district" />,
    );
  }
  if (departmentRoles.includes(actor.role) && item.status === 'published') {
    buttons.push(
      <ActionButton key="claim" {...common} action="claimCase" label={t('claim')} />,
      <ActionButton
        key="claim-co"
        {...common}
        action="claimCase"
        type="default"
        label={`${t('claim')} + ${t('coHandlers')}`}
        testId="action-claimCase-co"
        fields={[{ name: 'coHandlingDepartmentIds', label: t('coHandlers'), kind: 'multiselect', required: true, options: departments.filter((d) => d.value !== actor.departmentId) }]}
      />,
    );
  }
  if (handlesIt && item.status === 'claimed') {
    buttons.push(
      <ActionButton
        key="plan"
        {...common}
        action="submitHandlingPlan"
        label={t('plan')}
        fields={[
          { name: 'plan', label: t('planText'), kind: 'textarea', required: true },
          { name: 'responsibility.unit', label: t('unit'), kind: 'text', required: true },
          { name: 'responsibility.personName', label: t('personName'), kind: 'text', required: true },
        ]}
      />,
    );
  }
  if (handlesIt && item.status === 'handling' && !paused) {
    buttons.push(
      <ActionButton
        key="result"
        {...common}
        action="reportResult"
        label={t('result')}
        fields={[{ name: 'summary', label: t('resultSummary'), kind: 'textarea', required: true }]}
      />,
      <ActionButton
        key="ext"
        {...common}
        action="requestExtension"
        type="default"
        label={t('extension')}
        fields={[
          { name: 'workingDays', label: t('workingDays'), kind: 'number', required: true, min: 1, max: 60, initial: 5 },
          reason,
        ]}
      />,
    );
  }
  if (handlesIt && working && view && !paused && !view.pendingPause) {
    buttons.push(
      <ActionButton
        key="pause"
        {...common}
        action="pauseClock"
        type="default"
        label={t('pauseClock')}
        fields={[
          {
            name: 'reason',
            label: t('pauseReason'),
            kind: 'select',
            required: true,
            options: pauseReasons.map((r) => ({ value: r, label: nameIn(pauseReasonNames, r, language) })),
          },
          { name: 'workingDays', label: t('pauseDays'), kind: 'number', min: 1, max: 250 },
          { name: 'note', label: t('note'), kind: 'textarea' },
        ]}
      />,
    );
  }
  if (handlesIt && paused) {
    buttons.push(<ActionButton key="resume" {...common} action="resumeClock" type="default" label={t('resumeClock')} />);
  }
  if (handlesIt && working && item.handlerLevel === 'district' && !paused) {
    buttons.push(
      <ActionButton
        key="transfer"
        {...common}
        action="transferCase"
        type="default"
        label={t('transfer')}
        fields={[{ name: 'toDepartmentId', label: t('toDepartment'), kind: 'select', required: true, options: departments }, reason]}
      />,
    );
  }
  if (handlesIt && working && !paused) {
    buttons.push(
      <ActionButton key="return" {...common} action="returnCase" danger type="default" label={t('return')} fields={[reason]} />,
    );
  }
  for (const instruction of handlesIt ? (view?.instructions ?? []) : []) {
    buttons.push(
      <ActionButton
        key={`ack-${instruction.instructionId}`}
        {...common}
        action="acknowledgeInstruction"
        label={`${t('acknowledgeInstruction')}(${personName(instruction.byActorId)})`}
        body={{ instructionId: instruction.instructionId }}
        testId="action-acknowledgeInstruction"
        fields={[{ name: 'note', label: t('note'), kind: 'textarea' }]}
      />,
    );
  }
  const localForCase =
    (actor.role === 'village-secretary' && actor.villageId === item.villageId) ||
    (actor.role === 'town-leader' && actor.townId === item.townId);
  if (localForCase && item.status === 'resultReported') {
    buttons.push(
      <ActionButton
        key="feedback"
        {...common}
        action="giveFeedback"
        label={t('feedback')}
        title={t('feedbackTitle')}
        fields={[{ name: 'note', label: t('note'), kind: 'textarea' }]}
      />,
    );
  }
  if (localForCase && item.status === 'awaitingRating' && view && !view.collectedRating) {
    const ratings = ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const;
    buttons.push(
      <ActionButton
        key="collected"
        {...common}
        action="recordRating"
        type="default"
        label={t('recordRating')}
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
    );
  }
  if (actor.role === 'resident' && item.status === 'awaitingRating') {
    // One tap per rating: the rating window is short, and a resident rates from a phone.
    for (const rating of ['satisfied', 'basicallySatisfied', 'dissatisfied'] as const) {
      buttons.push(
        <ActionButton
          key={rating}
          {...common}
          action="rateCase"
          body={{ rating }}
          label={`${t('rate')}: ${t(rating)}`}
          type={rating === 'satisfied' ? 'primary' : 'default'}
          danger={rating === 'dissatisfied'}
          testId={`rate-${rating}`}
        />,
      );
    }
  }
  // The leaders who supervise the case (督办): on the case page, where its supervision is known.
  const supervises = view && supervisionRoles.includes(actor.role) && isSupervisingLeader({ id: actor.id, role: actor.role as Role }, view);
  if (supervises && urgeable.includes(item.status)) {
    buttons.push(
      <ActionButton key="urge" {...common} action="urgeCase" type="default" label={t('urge')} fields={[{ name: 'note', label: t('urgeNote'), kind: 'textarea', required: true }]} />,
    );
  }
  if (supervises && working) {
    buttons.push(
      <ActionButton
        key="instruct"
        {...common}
        action="instructCase"
        type="default"
        label={t('instruct')}
        fields={[{ name: 'text', label: t('instructionText'), kind: 'textarea', required: true }]}
      />,
    );
    if (item.handlerLevel === 'district') {
      buttons.push(
        <ActionButton
          key="reassign"
          {...common}
          action="reassignCase"
          type="default"
          label={t('reassign')}
          fields={[{ name: 'toDepartmentId', label: t('toDepartment'), kind: 'select', required: true, options: departments }, reason]}
        />,
      );
    }
  }
  if (supervises && item.status === 'published') {
    buttons.push(
      <ActionButton
        key="assign"
        {...common}
        action="assignDepartment"
        label={t('assignDepartment')}
        fields={[{ name: 'departmentId', label: t('toDepartment'), kind: 'select', required: true, options: departments }, reason]}
      />,
    );
  }
  if (view?.pendingPause && view.supervision?.leaderIds.includes(actor.id)) {
    buttons.push(
      <ActionButton key="approve-pause" {...common} action="approvePause" label={t('approvePause')} />,
      <ActionButton key="reject-pause" {...common} action="rejectPause" danger type="default" label={t('rejectPause')} fields={[reason]} />,
    );
  }
  const escalation = view?.escalation;
  if (escalation && !escalation.acknowledged && (escalation.targetIds.includes(actor.id) || supervises)) {
    buttons.push(
      <ActionButton
        key="ack-escalation"
        {...common}
        action="acknowledgeEscalation"
        type="default"
        label={t('acknowledgeEscalation')}
        fields={[{ name: 'note', label: t('note'), kind: 'textarea' }]}
      />,
    );
  }
  if (item.pendingExtension && (item.supervisorIds ? item.supervisorIds.includes(actor.id) : extensionDeciders.includes(actor.role))) {
    buttons.push(
      <ActionButton key="approve" {...common} action="approveExtension" label={t('approve')} fields={[reason]} />,
      <ActionButton key="reject" {...common} action="rejectExtension" danger type="default" label={t('reject')} fields={[reason]} />,
    );
  }
  return buttons.length ? <Space wrap size={4}>{buttons}</Space> : null;
}
