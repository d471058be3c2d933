import { Select, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { DISCREPANCY_KINDS, type DiscrepancyKind, type DiscrepancyRow, type DualList, type ReferralHouseholdRow, type RegistryHouseholdRow } from '#contracts/dual-inclusion.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { listPagination } from '../../../components/paged-list.tsx';
import { type ListParams, useDualList } from '../api/dual-inclusion.ts';

const nowrap = { onCell: () => ({ style: { whiteSpace: 'nowrap' as const } }) };

function Programs({ programs }: { programs: readonly ('dibao' | 'tekun')[] }) {
  const { t } = useTranslation();
  if (programs.length === 0) return <span>{t('dualInclusion.none')}</span>;
  return (
    <>
      {programs.map((p) => (
        <Tag key={p} color={p === 'dibao' ? 'blue' : 'purple'}>
          {t(`dualInclusion.program.${p}`)}
        </Tag>
      ))}
    </>
  );
}

/** One list of the page, paged (page and size in the URL), with its own columns. */
export function DualListTable({ list, params, onPage, onKind }: { list: DualList; params: ListParams; onPage: (p: { page: number; pageSize: number }) => void; onKind: (k: DiscrepancyKind | undefined) => void }) {
  const { t } = useTranslation();
  const q = useDualList(list, params, true);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const pagination = listPagination({
    page: params.page,
    pageSize: params.pageSize,
    total: q.data?.total,
    showTotal: (total) => <span data-testid={`dual-total-${list}`} data-count={total}>{t('dualInclusion.total', { count: total })}</span>,
    onChange: onPage,
  });
  const common = { loading: q.isFetching, pagination, scroll: { x: 'max-content' as const }, locale: { emptyText: t('dualInclusion.empty') }, 'data-testid': `dual-table-${list}` };

  if (list === 'referral') {
    const columns: TableProps<ReferralHouseholdRow>['columns'] = [
      { ...nowrap, title: t('dualInclusion.col.head'), dataIndex: 'headName' },
      { ...nowrap, title: t('dualInclusion.col.headId'), dataIndex: 'headIdMasked', render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
      { title: t('dualInclusion.col.village'), dataIndex: 'villageName' },
      { ...nowrap, title: t('dualInclusion.col.members'), dataIndex: 'memberCount' },
      { ...nowrap, title: t('dualInclusion.col.programs'), key: 'p', render: (_, r) => <Programs programs={r.programs} /> },
      {
        ...nowrap,
        title: t('dualInclusion.col.referral'),
        key: 'ref',
        render: (_, r) => {
          const status = r.referral?.status ?? 'none';
          const color = { none: 'default', open: 'processing', accepted: 'success', refused: 'error' }[status];
          return (
            <Tag color={color} data-testid="referral-status" data-status={status}>
              {t(`dualInclusion.referralStatus.${status}`)}
            </Tag>
          );
        },
      },
      { ...nowrap, title: t('dualInclusion.col.referredOn'), key: 'on', render: (_, r) => r.referral?.referredOn ?? '—' },
      {
        title: t('dualInclusion.col.reply'),
        key: 'reply',
        render: (_, r) =>
          r.referral?.replyOn ? (
            <span data-testid="referral-reply">
              {t('dualInclusion.replyOn', { date: r.referral.replyOn })}
              {r.referral.replyReason ? `：${r.referral.replyReason}` : ''}
            </span>
          ) : (
            '—'
          ),
      },
    ];
    return <Table<ReferralHouseholdRow> rowKey={(r) => `${r.countyCode}/${r.householdId}`} columns={columns} dataSource={q.data?.items as ReferralHouseholdRow[] | undefined} {...common} />;
  }

  if (list === 'discrepancies') {
    const columns: TableProps<DiscrepancyRow>['columns'] = [
      { title: t('dualInclusion.col.kind'), dataIndex: 'kind', render: (k: DiscrepancyKind) => <Tag color="warning">{t(`dualInclusion.kind.${k}`)}</Tag> },
      { ...nowrap, title: t('dualInclusion.col.hhNo'), dataIndex: 'hhNo', render: (v: string) => <span data-code>{v}</span> },
      { title: t('dualInclusion.col.village'), dataIndex: 'villageName' },
      { ...nowrap, title: t('dualInclusion.col.head'), dataIndex: 'headName' },
      { ...nowrap, title: t('dualInclusion.col.person'), dataIndex: 'personName', render: (v: string | null) => v ?? '—' },
      {
        ...nowrap,
        title: t('dualInclusion.col.idNumber'),
        key: 'id',
        render: (_, r) => <span className="mono">{r.idMasked ?? (r.idForm === 'invalid' ? t('dualInclusion.invalidId') : '—')}</span>,
      },
      { ...nowrap, title: t('dualInclusion.col.attribute'), dataIndex: 'attribute', render: (a: RegistryHouseholdRow['attribute']) => t(`dualInclusion.attribute.${a}`) },
      { ...nowrap, title: t('dualInclusion.col.programs'), key: 'p', render: (_, r) => <Programs programs={r.programs} /> },
      { title: t('dualInclusion.col.doudiVillage'), dataIndex: 'doudiVillageName', render: (v: string | null) => v ?? '—' },
    ];
    return (
      <>
        <Select
          allowClear
          placeholder={t('dualInclusion.kind.all')}
          value={params.kind}
          onChange={(k) => onKind(k)}
          options={DISCREPANCY_KINDS.map((k) => ({ value: k, label: t(`dualInclusion.kind.${k}`) }))}
          style={{ width: 300, marginBottom: 12, maxWidth: '100%' }}
          data-testid="discrepancy-kind"
        />
        <Table<DiscrepancyRow> rowKey={(r) => `${r.kind}/${r.hhNo}/${r.personName ?? ''}/${r.idMasked ?? ''}`} columns={columns} dataSource={q.data?.items as DiscrepancyRow[] | undefined} {...common} />
      </>
    );
  }

  const columns: TableProps<RegistryHouseholdRow>['columns'] = [
    { ...nowrap, title: t('dualInclusion.col.hhNo'), dataIndex: 'hhNo', render: (v: string) => <span data-code>{v}</span> },
    { title: t('dualInclusion.col.village'), dataIndex: 'villageName' },
    { ...nowrap, title: t('dualInclusion.col.head'), dataIndex: 'headName' },
    { ...nowrap, title: t('dualInclusion.col.headId'), dataIndex: 'headIdMasked', render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
    { ...nowrap, title: t('dualInclusion.col.members'), dataIndex: 'memberCount' },
    { ...nowrap, title: t('dualInclusion.col.attribute'), dataIndex: 'attribute', render: (a: RegistryHouseholdRow['attribute']) => t(`dualInclusion.attribute.${a}`) },
    { ...nowrap, title: t('dualInclusion.col.status'), key: 's', render: (_, r) => (r.status === 'poor' ? t('dualInclusion.status.poor') : t('dualInclusion.status.out', { year: r.exitYear ?? '—' })) },
    { ...nowrap, title: t('dualInclusion.col.programs'), key: 'p', render: (_, r) => <Programs programs={r.programs} /> },
  ];
  return <Table<RegistryHouseholdRow> rowKey="hhNo" columns={columns} dataSource={q.data?.items as RegistryHouseholdRow[] | undefined} {...common} />;
}
