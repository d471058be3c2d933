import { App, Button, Card, Descriptions, Popconfirm, Progress, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CampaignProgress } from '#contracts/rectification.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useCampaign, useCloseCampaign } from '../api/rectification.ts';
import { FindingStatusTag } from './finding-ui.tsx';
import { progressOf } from './rectification-model.ts';

type CountyRow = CampaignProgress['counties'][number];
type LedgerRow = CampaignProgress['ledger'][number];

/** 专项治理台账 A campaign's progress per county (bars: closed, answered) and its ledger of findings with their status. */
export default function CampaignPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const q = useCampaign(id);
  const close = useCloseCampaign(id);
  const canManage = useCan('campaigns.manage');
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  if (!c) return <Card loading />;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/campaigns">{t('rectification.nav.campaigns')}</Link>}
        title={c.title}
        subtitle={`${c.startsOn} ~ ${c.endsOn} · ${t(`rectification.campaigns.status.${c.status}`)}`}
        extra={
          canManage &&
          c.status === 'open' && (
            <Popconfirm
              title={t('rectification.campaigns.closeConfirm')}
              onConfirm={() =>
                close.mutate({ version: c.version }, { onSuccess: () => message.success(t('rectification.campaigns.closed')), onError: (e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)) })
              }
            >
              <Button loading={close.isPending} data-testid="campaign-close">{t('rectification.campaigns.close')}</Button>
            </Popconfirm>
          )
        }
      />
      <Card title={t('rectification.campaigns.progress')} style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 2, sm: 5 }}>
          {(['found', 'open', 'answered', 'closed', 'overdue'] as const).map((k) => (
            <Descriptions.Item key={k} label={t(`rectification.counts.${k}`)}>
              <span data-testid={`campaign-${k}`}>{c.counts[k]}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Table<CountyRow>
          size="small"
          rowKey="county"
          pagination={false}
          dataSource={c.counties}
          data-testid="campaign-counties"
          scroll={{ x: true }}
          columns={[
            { title: t('rectification.col.county'), key: 'c', render: (_, r) => bilingual(r.name) },
            { title: t('rectification.counts.found'), dataIndex: 'found', key: 'f', align: 'right' },
            { title: t('rectification.counts.answered'), dataIndex: 'answered', key: 'a', align: 'right', responsive: ['sm'] },
            { title: t('rectification.counts.closed'), dataIndex: 'closed', key: 'cl', align: 'right' },
            { title: t('rectification.counts.overdue'), key: 'o', align: 'right', render: (_, r) => (r.overdue > 0 ? <Tag color="red">{r.overdue}</Tag> : 0) },
            {
              title: t('rectification.campaigns.col.progress'),
              key: 'p',
              width: 200,
              render: (_, r) => {
                const p = progressOf(r);
                return <Progress size="small" percent={p.closed + p.answered} success={{ percent: p.closed }} format={() => `${p.closed}%`} />;
              },
            },
          ]}
        />
      </Card>
      <Card title={t('rectification.campaigns.ledger', { count: c.ledgerTotal })} extra={<ExportButton path={`/api/campaigns/${encodeURIComponent(c.id)}/ledger.xlsx`} filters={{}} testId="campaign-ledger-export" />}>
        <Table<LedgerRow>
          size="small"
          rowKey={(f) => `${f.county}/${f.id}`}
          dataSource={c.ledger}
          data-testid="campaign-ledger"
          scroll={{ x: true }}
          columns={[
            { title: t('rectification.col.rule'), key: 'r', render: (_, f) => <Link to={`/findings/${f.county}/${f.id}`}>{bilingual(f.ruleName)}</Link> },
            { title: t('rectification.col.area'), dataIndex: 'areaName', key: 'a', responsive: ['md'] },
            { title: t('rectification.col.due'), dataIndex: 'dueOn', key: 'd', responsive: ['sm'] },
            { title: t('rectification.col.status'), key: 's', render: (_, f) => <FindingStatusTag status={f.status} overdue={f.overdue} /> },
          ]}
        />
      </Card>
    </>
  );
}
