import { Card, Space, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../../lib/auth.tsx';
import { useFindingCounts } from '../api/rectification.ts';

/**
 * 问题线索待整改 The worklist's card: the open findings of the user's area (a township its own), those answered and
 * waiting for verification, and the overdue ones, linking to the overdue list.
 */
export function FindingsCard() {
  const { t } = useTranslation();
  const can = useCan('findings.read');
  const q = useFindingCounts(can);
  if (!can || !q.data) return null;
  const c = q.data;
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="worklist-findings-card" title={t('rectification.card.title')} extra={<Link to="/findings/overdue">{t('rectification.card.overdueLink')}</Link>}>
      <Space size="large" wrap>
        <Statistic title={t('rectification.counts.open')} value={c.open} valueStyle={{ fontSize: 20 }} />
        <Statistic title={t('rectification.counts.answered')} value={c.answered} valueStyle={{ fontSize: 20 }} />
        <Statistic title={t('rectification.counts.overdue')} value={c.overdue} valueStyle={{ fontSize: 20, color: c.overdue > 0 ? '#cf1322' : undefined }} />
      </Space>
    </Card>
  );
}
