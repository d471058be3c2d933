import { Alert, App, Button, Card, Empty, Popconfirm, Space, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MatchQueueItem } from '#contracts/poverty-match.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useDecideMatch, useMatchQueue } from '../api/poverty-match.ts';

const enc = encodeURIComponent;
const keyOf = (m: MatchQueueItem) => `${m.snapshotId}/${m.personKey}`;

/** The colour of a confidence: high green, middling gold (the threshold is 70). */
const confidenceColor = (c: number) => (c >= 90 ? 'success' : c >= 80 ? 'processing' : 'warning');

/**
 * 比对复核 The review queue (issue 12 point 2, ADR 0033): each suggested match of the poverty office's list to a person
 * of doudi's registry in the user's area, both sides side by side (ID numbers masked), the confidence and its reasons;
 * confirm or reject with a confirmation step. The menu's guard lets only `poverty.match` in.
 */
export default function MatchQueuePage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const q = useMatchQueue(page);
  const decide = useDecideMatch();

  const act = (m: MatchQueueItem, decision: 'confirmed' | 'rejected') =>
    decide.mutate(
      { snapshotId: m.snapshotId, personKey: m.personKey, countyCode: m.registry.countyCode, personId: m.registry.personId, decision },
      { onSuccess: () => void message.success(t(decision === 'confirmed' ? 'povertyMatch.confirmed' : 'povertyMatch.rejected')) },
    );

  const columns: TableProps<MatchQueueItem>['columns'] = [
    {
      title: t('povertyMatch.col.confidence'),
      key: 'confidence',
      width: 90,
      render: (_, m) => (
        <Tag color={confidenceColor(m.confidence)} data-testid="match-confidence">
          {m.confidence}
        </Tag>
      ),
    },
    {
      title: t('povertyMatch.col.snapshot'),
      key: 'snapshot',
      render: (_, m) => {
        const s = m.snapshot;
        return (
          <div data-testid="match-snapshot-side">
            <div className="cell-name">{s.name}</div>
            <div className="mono nowrap">{s.idNumber || t('povertyMatch.noValidId')}{s.idForm === '15' ? `（${t('povertyMatch.idForm15')}）` : ''}</div>
            <div>
              {s.birthDate ?? t('povertyMatch.birthUnknown')}
              {s.sex ? ` · ${t(`povertyMatch.sex.${s.sex}`)}` : ''}
            </div>
            <div>{s.villageName}</div>
            <Space size={4} wrap>
              <Tag>{t(`povertyMatch.attribute.${s.attribute}`)}</Tag>
              <Tag>{t(`povertyMatch.status.${s.status}`)}</Tag>
              <span className="derived-hint">{t('povertyMatch.hhNo', { no: s.hhNo })}</span>
            </Space>
          </div>
        );
      },
    },
    {
      title: t('povertyMatch.col.registry'),
      key: 'registry',
      render: (_, m) => {
        const r = m.registry;
        return (
          <div data-testid="match-registry-side">
            <div className="cell-name">{r.name}</div>
            <div className="mono nowrap">{r.idNumber}</div>
            <div>
              {r.birthDate} · {t(`povertyMatch.sex.${r.sex}`)}
            </div>
            <div>{r.villageName}</div>
            <Link to={`/registry/${enc(r.countyCode)}/${enc(r.householdId)}`}>{t('povertyMatch.household', { head: r.headName })}</Link>
          </div>
        );
      },
    },
    {
      title: t('povertyMatch.col.reasons'),
      key: 'reasons',
      render: (_, m) => (
        <Space size={[4, 4]} wrap>
          {m.reasons.map((r) => (
            <Tag key={r.code} color={r.points === 0 ? 'default' : undefined} title={t('povertyMatch.points', { points: r.points })}>
              {t(`povertyMatch.reason.${r.code}`)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('povertyMatch.col.actions'),
      key: 'actions',
      render: (_, m) => (
        <Space wrap size={4}>
          <Popconfirm
            title={t('povertyMatch.confirmAsk', { a: m.snapshot.name, b: m.registry.name })}
            onConfirm={() => act(m, 'confirmed')}
            okText={t('common.yes')}
            cancelText={t('common.no')}
            okButtonProps={{ 'data-testid': 'popconfirm-ok' }}
          >
            <Button size="small" type="primary" loading={decide.isPending} data-testid={`match-confirm-${m.snapshot.name}`}>
              {t('povertyMatch.confirm')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('povertyMatch.rejectAsk', { a: m.snapshot.name, b: m.registry.name })}
            onConfirm={() => act(m, 'rejected')}
            okText={t('common.yes')}
            cancelText={t('common.no')}
            okButtonProps={{ 'data-testid': 'popconfirm-ok' }}
          >
            <Button size="small" danger loading={decide.isPending} data-testid={`match-reject-${m.snapshot.name}`}>
              {t('povertyMatch.reject')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('povertyMatch.title')} subtitle={t('povertyMatch.subtitle')} />
      <Card>
        {decide.error && isApiRequestError(decide.error) && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={bilingual(decide.error.messages)} data-testid="match-error" />
        )}
        {q.isError ? (
          <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <Table<MatchQueueItem>
            rowKey={keyOf}
            columns={columns}
            dataSource={q.data?.items}
            loading={q.isFetching}
            scroll={{ x: 900 }}
            data-testid="match-table"
            locale={{ emptyText: <Empty description={t('povertyMatch.empty')} /> }}
            pagination={{ current: page.page, pageSize: page.pageSize, total: q.data?.total ?? 0, onChange: (p, pageSize) => setPage({ page: p, pageSize }) }}
          />
        )}
      </Card>
    </>
  );
}
