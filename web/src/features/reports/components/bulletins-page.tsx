import { Button, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BulletinListItem } from '#contracts/report-workflow.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime, chinaToday } from '../../../lib/format.ts';
import { useBulletins } from '../api/reports.ts';
import { reportingQuarter } from './report-model.ts';
import { useQuarterName } from './report-ui.tsx';

/** 通报 The bulletins: issued ones to everyone with the reports; the city's drafts to their writers. */
export default function BulletinsPage() {
  const { t } = useTranslation();
  const can = useCan('reports.read');
  const writer = useCan('reports.bulletin');
  const quarterName = useQuarterName();
  const q = useBulletins();
  if (!can) return <NoPermission hint={t('reports.noPermission')} />;
  return (
    <>
      <PageHeader
        title={t('reports.bulletins.title')}
        subtitle={t('reports.bulletins.subtitle')}
        extra={
          writer && (
            <Link to={`/reports/bulletins/${reportingQuarter(chinaToday())}`}>
              <Button type="primary" data-testid="bulletin-new">
                {t('reports.bulletins.new')}
              </Button>
            </Link>
          )
        }
      />
      <Card>
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<BulletinListItem>
            size="small"
            loading={q.isLoading}
            rowKey="quarter"
            dataSource={q.data ?? []}
            locale={{ emptyText: t('reports.bulletins.empty') }}
            data-testid="bulletins-table"
            columns={[
              { title: t('reports.bulletins.col.quarter'), key: 'q', render: (_, b) => quarterName(b.quarter) },
              { title: t('reports.bulletins.col.title'), key: 't', render: (_, b) => <Link to={`/reports/bulletins/${b.quarter}`} data-testid={`bulletin-link-${b.quarter}`}>{b.title}</Link> },
              { title: t('reports.bulletins.col.status'), key: 's', render: (_, b) => <Tag color={b.status === 'issued' ? 'green' : 'gold'}>{t(`reports.bulletins.status.${b.status}`)}</Tag> },
              { title: t('reports.bulletins.col.issuedAt'), key: 'i', responsive: ['sm'], render: (_, b) => chinaDateTime(b.issuedAt) },
            ]}
          />
        )}
      </Card>
    </>
  );
}
