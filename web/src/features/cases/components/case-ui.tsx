import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseSummary } from '#contracts/cases.ts';

const STATE_COLORS: Record<CaseSummary['state'], string> = {
  applied: 'blue',
  incomplete: 'orange',
  accepted: 'geekblue',
  investigated: 'geekblue',
  deliberated: 'geekblue',
  village_notice: 'purple',
  county_review: 'cyan',
  county_notice: 'purple',
  approved: 'success',
  refused: 'error',
  closed_ineligible: 'default',
  withdrawn: 'default',
  paid_first: 'gold',
};

export function StateTag({ state }: { state: CaseSummary['state'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="case-state-tag" data-state={state}>
      {t(`cases.state.${state}`)}
    </Tag>
  );
}

/** The due date of the step waited for, red when it has passed. */
export function DueDate({ due, overdue }: { due: string | null; overdue: boolean }) {
  const { t } = useTranslation();
  if (!due) return <Typography.Text type="secondary">{t('cases.noDeadline')}</Typography.Text>;
  return (
    <span className={overdue ? 'case-overdue' : undefined} data-overdue={String(overdue)}>
      {due}
      {overdue && (
        <Tag color="error" style={{ marginLeft: 6 }}>
          {t('cases.overdue')}
        </Tag>
      )}
    </span>
  );
}
