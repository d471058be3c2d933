import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '#contracts/cases.ts';

/** On a case opened from the screening ledger (ADR 0035): where it came from, with a link back to the row. */
export function ScreeningOriginCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const s = detail.screening;
  if (!s) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="case-screening-origin"
      message={t('screening.fromRow', { year: s.year, hhNo: s.hhNo })}
      action={<Link to={`/screening/${s.campaignCounty}/${s.campaignId}?row=${s.countyCode}-${encodeURIComponent(s.hhNo)}`}>{t('screening.fromRowLink')}</Link>}
    />
  );
}
