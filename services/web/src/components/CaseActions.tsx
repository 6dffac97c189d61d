import { Space } from 'antd';
import { commandRoles } from '@bishan/domain';
import type { ReactElement } from 'react';
import type { CaseStatus } from '../api/cases';
import { useActor } from '../api/client';
import { useI18n } from '../i18n';
import { ActionButton } from './ActionButton';

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
}

const departmentRoles: readonly string[] = commandRoles.claimCase;
const extensionDeciders: readonly string[] = commandRoles.approveExtension;

/**
 * The actions the signed-in person may try on a case in its state. The API decides in the end;
 * this only offers what would make sense, so a refusal is the exception.
 */
export function CaseActions({ item, onDone }: { item: ActionableCase; onDone: () => void }) {
  const actor = useActor();
  const { t } = useI18n();
  const buttons: ReactElement[] = [];
  const common = { caseId: item.id, onDone };
  const handlesIt =
    (item.handlerLevel === 'district' && departmentRoles.includes(actor.role) && actor.departmentId === item.handlerUnitId) ||
    (item.handlerLevel === 'village' && actor.role === 'village-secretary' && actor.villageId === item.handlerUnitId) ||
    (item.handlerLevel === 'town' && actor.role === 'town-leader' && actor.townId === item.handlerUnitId);

  if (actor.role === 'town-triage' && item.status === 'inLedger') {
    buttons.push(
      <ActionButton key="v" {...common} action="triageCase" body={{ route: 'village' }} label={t('routeVillage')} type="default" testId="triage-village" />,
      <ActionButton key="t" {...common} action="triageCase" body={{ route: 'town' }} label={t('routeTown')} type="default" testId="triage-town" />,
      <ActionButton key="d" {...common} action="triageCase" body={{ route: 'district' }} label={t('routeDistrict')} testId="triage-district" />,
    );
  }
  if (departmentRoles.includes(actor.role) && item.status === 'published') {
    buttons.push(<ActionButton key="claim" {...common} action="claimCase" label={t('claim')} />);
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
  if (handlesIt && item.status === 'handling') {
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
          { name: 'reason', label: t('reason'), kind: 'textarea', required: true },
        ]}
      />,
    );
  }
  if (handlesIt && (item.status === 'claimed' || item.status === 'handling')) {
    buttons.push(
      <ActionButton
        key="return"
        {...common}
        action="returnCase"
        danger
        type="default"
        label={t('return')}
        fields={[{ name: 'reason', label: t('reason'), kind: 'textarea', required: true }]}
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
  if (item.pendingExtension && (item.supervisorIds ? item.supervisorIds.includes(actor.id) : extensionDeciders.includes(actor.role))) {
    buttons.push(
      <ActionButton
        key="approve"
        {...common}
        action="approveExtension"
        label={t('approve')}
        fields={[{ name: 'reason', label: t('reason'), kind: 'textarea', required: true }]}
      />,
      <ActionButton
        key="reject"
        {...common}
        action="rejectExtension"
        danger
        type="default"
        label={t('reject')}
        fields={[{ name: 'reason', label: t('reason'), kind: 'textarea', required: true }]}
      />,
    );
  }
  return buttons.length ? <Space wrap size={4}>{buttons}</Space> : null;
}
