import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '#contracts/cases.ts';

/** On a case opened from the 应保尽保 list (ADR 0047): that it came from the outreach visit, the month and the figure then. */
export function OutreachOriginCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const o = detail.outreach;
  if (!o) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="case-outreach-origin"
      message={o.monthlyYuan ? t('outreach.fromList', { month: o.month, amount: o.monthlyYuan }) : t('outreach.fromListNoAmount', { month: o.month })}
      action={<Link to="/outreach">{t('outreach.fromListLink')}</Link>}
    />
  );
}
