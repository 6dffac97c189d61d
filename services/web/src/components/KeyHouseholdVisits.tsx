import { Button, Card, Checkbox, Space, Tag, Typography, message } from 'antd';
import { useEffect, useState } from 'react';
import { newIdempotencyKey } from '../api/client';
import { useLoader } from '../api/hooks';
import { dutiesApi, householdKindNames } from '../api/meeting-duties';
import { ProblemAlert, describeProblem } from './problem';
import { useI18n } from '../i18n';

/**
 * 四必到四必访 at one meeting: the key households of its village, ticked when visited. The convener
 * (or an admin) records them while the meeting is open or within a day of its close; the API says
 * no otherwise, and the refusal is shown.
 */
export function KeyHouseholdVisits({ meetingId, villageId, editable }: { meetingId: string; villageId: string; editable: boolean }) {
  const { t } = useI18n();
  const households = useLoader((signal) => dutiesApi.households(villageId, signal), [villageId]);
  const visits = useLoader((signal) => dutiesApi.visits(meetingId, signal), [meetingId]);
  const [ticked, setTicked] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const visited = visits.data?.householdIds ?? [];
  useEffect(() => setTicked(visited), [visits.data]);
  const active = (households.data?.items ?? []).filter((h) => !h.retiredAt);
  if (active.length === 0 && !households.loading) return null;

  return (
    <Card size="small" title={t('householdVisitsAtMeeting')} data-testid="household-visits">
      <ProblemAlert message={problem} />
      <Space direction="vertical" style={{ width: '100%' }}>
        <Checkbox.Group
          value={ticked}
          onChange={(values) => setTicked(values as string[])}
          disabled={!editable}
          options={active.map((h) => ({
            value: h.id,
            label: (
              <Space size={4} wrap>
                <Typography.Text>{h.name}</Typography.Text>
                <Typography.Text type="secondary">{h.courtyardName}</Typography.Text>
                {h.kinds.map((k) => (
                  <Tag key={k}>{t(householdKindNames[k])}</Tag>
                ))}
              </Space>
            ),
          }))}
        />
        {editable ? (
          <Button
            data-testid="household-visits-submit"
            disabled={ticked.filter((id) => !visited.includes(id)).length === 0}
            onClick={() => {
              setProblem(null);
              dutiesApi
                .recordVisits(meetingId, ticked.filter((id) => !visited.includes(id)), key)
                .then(() => {
                  void message.success(t('done'));
                  setKey(newIdempotencyKey());
                  visits.reload();
                })
                .catch((error: unknown) => setProblem(describeProblem(error)));
            }}
          >
            {t('householdVisitsSave')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}
