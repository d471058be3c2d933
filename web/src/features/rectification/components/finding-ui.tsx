import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FindingStatus } from '#contracts/supervision.ts';

const STATUS_COLOR: Record<FindingStatus, string> = { open: 'orange', answered: 'blue', closed: 'green' };

/** A finding's status as a coloured tag (待整改, 待核查, 已销号), overdue in red beside it. */
export function FindingStatusTag({ status, overdue }: { status: FindingStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={STATUS_COLOR[status]} data-testid="finding-status" data-status={status}>
        {t(`rectification.status.${status}`)}
      </Tag>
      {overdue && <Tag color="red">{t('rectification.overdueTag')}</Tag>}
    </>
  );
}
