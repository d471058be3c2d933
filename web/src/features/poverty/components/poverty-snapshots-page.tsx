import { Button, Card, Empty, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PovertyChange, PovertySnapshot } from '#contracts/poverty.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useSnapshotChanges, useSnapshots } from '../api/poverty-import.ts';
import { fieldChangeText } from './change-text.ts';

type Kind = 'all' | 'household' | 'person';
type Change = 'all' | 'added' | 'removed' | 'changed';
const CHANGE_COLOR = { added: 'green', removed: 'red', changed: 'orange' } as const;
const PAGE = 20;

/**
 * 建档立卡数据快照 The snapshots of the poverty registry the user's area sees, newest first, with their counts; a
 * snapshot's changes from the previous one (households and persons added, removed, changed and what changed), ID
 * numbers masked.
 */
export default function PovertySnapshotsPage() {
  const { t } = useTranslation();
  const canImport = useCan('poverty.import');
  const list = useSnapshots();
  const [selected, setSelected] = useState<string | null>(null);
  const pair = (x: { households: number; persons: number }) => t('povertySnapshots.countPair', { households: x.households, persons: x.persons });
  const items = list.data?.items ?? [];
  const current = items.find((s) => s.id === selected) ?? null;

  return (
    <>
      <PageHeader
        title={t('povertySnapshots.title')}
        subtitle={t('povertySnapshots.subtitle')}
        extra={
          canImport ? (
            <Link to="/poverty/import" data-testid="snapshots-to-import">
              <Button type="primary">{t('povertySnapshots.toImport')}</Button>
            </Link>
          ) : undefined
        }
      />
      {list.isError ? (
        <ErrorResult error={list.error} />
      ) : (
        <Card style={{ marginBottom: 16 }}>
          <Table<PovertySnapshot>
            size="small"
            rowKey="id"
            loading={list.isLoading}
            dataSource={items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('povertySnapshots.empty')} /> }}
            data-testid="snapshot-list"
            rowClassName={(s) => (s.id === selected ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('povertySnapshots.col.asOf'), dataIndex: 'asOf', width: 110 },
              { title: t('povertySnapshots.col.area'), dataIndex: 'areaName', width: 110 },
              { title: t('povertySnapshots.col.households'), dataIndex: 'households', align: 'right', render: (n: number) => n.toLocaleString() },
              { title: t('povertySnapshots.col.persons'), dataIndex: 'persons', align: 'right', render: (n: number) => n.toLocaleString() },
              { title: t('povertySnapshots.col.added'), key: 'added', render: (_, s) => pair(s.added) },
              { title: t('povertySnapshots.col.removed'), key: 'removed', render: (_, s) => pair(s.removed) },
              { title: t('povertySnapshots.col.changed'), key: 'changed', render: (_, s) => pair(s.changed) },
              { title: t('povertySnapshots.col.importedBy'), dataIndex: 'importedByName' },
              { title: t('povertySnapshots.col.importedAt'), dataIndex: 'importedAt', render: (v: string) => chinaDateTime(v) },
              {
                title: t('povertySnapshots.col.actions'),
                key: 'actions',
                fixed: 'right',
                render: (_, s) => (
                  <Button size="small" type="link" onClick={() => setSelected(s.id)} data-testid="snapshot-view" data-snapshot={s.id}>
                    {t('povertySnapshots.view')}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}
      {current && <SnapshotChanges key={current.id} snapshot={current} />}
    </>
  );
}

function SnapshotChanges({ snapshot }: { snapshot: PovertySnapshot }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('all');
  const [change, setChange] = useState<Change>('all');
  const [page, setPage] = useState(1);
  const q = { ...(kind === 'all' ? {} : { kind }), ...(change === 'all' ? {} : { change }), page, pageSize: PAGE };
  const changes = useSnapshotChanges(snapshot.id, q);
  const tt = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  return (
    <Card title={t('povertySnapshots.changesTitle', { asOf: snapshot.asOf })} data-testid="snapshot-changes">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Kind>
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          options={(['all', 'household', 'person'] as const).map((k) => ({ value: k, label: t(`povertySnapshots.kind.${k}`) }))}
          data-testid="changes-kind"
        />
        <Segmented<Change>
          value={change}
          onChange={(v) => {
            setChange(v);
            setPage(1);
          }}
          options={(['all', 'added', 'removed', 'changed'] as const).map((k) => ({ value: k, label: t(`povertySnapshots.change.${k}`) }))}
          data-testid="changes-change"
        />
      </Space>
      {changes.isError ? (
        <ErrorResult error={changes.error} />
      ) : (
        <Table<PovertyChange>
          size="small"
          rowKey={(c) => `${c.kind}-${c.change}-${c.hhNo}-${c.name}-${c.idNumber ?? ''}`}
          loading={changes.isFetching}
          dataSource={changes.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('povertySnapshots.noChanges')} /> }}
          pagination={{ current: page, pageSize: PAGE, total: changes.data?.total ?? 0, onChange: setPage, showSizeChanger: false, showTotal: (n) => t('povertySnapshots.total', { count: n }) }}
          data-testid="changes-table"
          columns={[
            { title: t('povertySnapshots.changeCol.change'), dataIndex: 'change', width: 70, render: (c: PovertyChange['change']) => <Tag color={CHANGE_COLOR[c]}>{t(`povertySnapshots.change.${c}`)}</Tag> },
            { title: t('povertySnapshots.changeCol.kind'), dataIndex: 'kind', width: 60, render: (k: PovertyChange['kind']) => t(`povertySnapshots.kind.${k}`) },
            { title: t('povertySnapshots.changeCol.hhNo'), dataIndex: 'hhNo' },
            { title: t('povertySnapshots.changeCol.name'), dataIndex: 'name' },
            { title: t('povertySnapshots.changeCol.village'), dataIndex: 'villageName' },
            { title: t('povertySnapshots.changeCol.idNumber'), dataIndex: 'idNumber', render: (v: string | null, c) => (c.kind === 'person' ? (v ?? t('povertySnapshots.noId')) : '') },
            {
              title: t('povertySnapshots.changeCol.fields'),
              key: 'fields',
              render: (_, c) => (
                <Space orientation="vertical" size={0}>
                  {c.fields.map((f) => (
                    <span key={f.field}>{fieldChangeText(tt, f)}</span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
