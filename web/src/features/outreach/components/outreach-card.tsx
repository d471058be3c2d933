import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../../lib/auth.tsx';
import { useOutreach } from '../api/outreach.ts';

/** 应保尽保 on the worklist (issue 16 point 7): how many households of the area the engine finds eligible but not enrolled, linked to the list. */
export function OutreachCard() {
  const allowed = useCan('outreach.read');
  if (!allowed) return null;
  return <OutreachCount />;
}

function OutreachCount() {
  const { t } = useTranslation();
  const q = useOutreach({});
  if (!q.data) return null;
  const n = q.data.rows.length;
  return (
    <Alert
      style={{ marginBottom: 12 }}
      type={n > 0 ? 'warning' : 'info'}
      showIcon
      title={t('outreach.card.title')}
      description={<span data-testid="outreach-card-count" data-count={n}>{n > 0 ? t('outreach.card.count', { count: n }) : t('outreach.card.none')}</span>}
      action={
        <Link to="/outreach">
          <Button size="small" data-testid="outreach-card-open">
            {t('outreach.card.open')}
          </Button>
        </Link>
      }
    />
  );
}
