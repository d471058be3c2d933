import { Alert, Card, Descriptions, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CATEGORY_WORDS, type ReconciledCase } from '#contracts/temporary.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { yuan } from '../../payroll/components/payroll-ui.tsx';
import { useReconciliation } from '../api/disbursements.ts';

/**
 * 备用金对账 on a temporary-aid batch's page: per township the reserve's assist-first part and the batch's part; per case
 * approved = paid first (as the reserve's ledger paid it) + the stages, problems first.
 */
export function ReconciliationCard({ county, id }: { county: string; id: string }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const q = useReconciliation(county, id);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  const columns: TableProps<ReconciledCase>['columns'] = [
    {
      title: t('temporary.reconcile.col.payee'),
      key: 'p',
      render: (_, c) => (
        <Link to={`/cases/${county}/${c.caseId}`} data-testid={`reconcile-case-${c.caseId}`}>
          {c.payeeName}
        </Link>
      ),
    },
    {
      title: t('temporary.reconcile.col.category'),
      key: 'c',
      responsive: ['md'],
      render: (_, c) => (
        <>
          {bilingual(CATEGORY_WORDS[c.category])}
          {c.registeredPoor && (
            <Tag color="blue" style={{ marginLeft: 6 }}>
              {t('temporary.card.registeredPoorYes')}
            </Tag>
          )}
        </>
      ),
    },
    { title: t('temporary.reconcile.col.township'), dataIndex: 'townshipName', key: 't', responsive: ['lg'] },
    { title: t('temporary.reconcile.col.approved'), key: 'a', align: 'right', render: (_, c) => yuan(c.approvedFen) },
    { title: t('temporary.reconcile.col.reserve'), key: 'r', align: 'right', render: (_, c) => yuan(c.reservePaidFen - c.reserveRefundedFen) },
    { title: t('temporary.reconcile.col.thisBatch'), key: 'b', align: 'right', render: (_, c) => yuan(c.thisBatchFen) },
    { title: t('temporary.reconcile.col.before'), key: 'e', align: 'right', responsive: ['md'], render: (_, c) => yuan(c.paidBeforeFen) },
    { title: t('temporary.reconcile.col.later'), key: 'l', align: 'right', responsive: ['md'], render: (_, c) => yuan(c.laterFen) },
    {
      title: t('temporary.reconcile.col.state'),
      key: 's',
      render: (_, c) =>
        c.problems.length === 0 ? (
          <Tag color="success">{t('temporary.reconcile.ok')}</Tag>
        ) : (
          c.problems.map((p) => (
            <Tag key={p} color="error">
              {t(`temporary.reconcile.problem.${p}`)}
            </Tag>
          ))
        ),
    },
  ];
  return (
    <Card title={t('temporary.reconcile.title')} style={{ marginTop: 16 }} loading={!r} data-testid="reconciliation" data-problems={r?.totals.problems}>
      {r && (
        <>
          <Alert
            type={r.totals.problems === 0 ? 'success' : 'error'}
            showIcon
            title={r.totals.problems === 0 ? t('temporary.reconcile.balanced') : t('temporary.reconcile.problems', { count: r.totals.problems })}
            style={{ marginBottom: 16 }}
          />
          <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('temporary.reconcile.cases')}>{r.totals.cases}</Descriptions.Item>
            <Descriptions.Item label={t('temporary.reconcile.col.approved')}>{yuan(r.totals.approvedFen)} 元</Descriptions.Item>
            <Descriptions.Item label={t('temporary.reconcile.col.reserve')}>{yuan(r.totals.reservePaidFen)} 元</Descriptions.Item>
            <Descriptions.Item label={t('temporary.reconcile.col.thisBatch')}>{yuan(r.totals.thisBatchFen)} 元</Descriptions.Item>
            {r.townships.map((w) => (
              <Descriptions.Item key={w.townshipCode} label={w.townshipName}>
                {t('temporary.reconcile.township', { cases: w.cases, reserve: yuan(w.reservePaidFen - w.reserveRefundedFen), batch: yuan(w.thisBatchFen) })}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table<ReconciledCase> size="small" rowKey="caseId" columns={columns} dataSource={r.cases} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid="reconciliation-table" />
        </>
      )}
    </Card>
  );
}
