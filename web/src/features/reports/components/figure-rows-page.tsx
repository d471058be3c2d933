import { Alert, Button, Card, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type DrillKind, drillOf, type FigureRow, type FigureRows } from '#contracts/report-drill.ts';
import { figureTitle } from '#contracts/report-words.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useFigureRows } from '../api/reports.ts';
import { figureValueText, rowColumnsOf } from './report-model.ts';
import { useQuarterName } from './report-ui.tsx';

/**
 * 数字背后的名单 The rows behind one figure of a county's quarterly report: the households, enrollments, payments or
 * cases the figure counts or sums, a page at a time, with the list's totals beside the figure as reported (frozen once
 * submitted: a difference means the data changed since, and the next report lists it as a correction).
 */
export default function FigureRowsPage() {
  const { t } = useTranslation();
  if (!useCan('reports.read')) return <NoPermission hint={t('reports.noPermission')} />;
  return <FigureRowsScreen />;
}

function FigureRowsScreen() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const quarterName = useQuarterName();
  const { county = '', quarter = '', program = '', figure = '' } = useParams();
  const q = useFigureRows(county, quarter, program, figure);
  const pages = q.data?.pages ?? [];
  const head = pages[0];
  const columns = useColumns(head?.kind ?? 'enrolled', county);
  const title = bilingual(figureTitle(program, figure));
  const back = <Link to={`/reports/quarterly/${county}/${quarter}`}>{t('reports.rowsPage.back', { quarter: quarterName(quarter) })}</Link>;
  if (!drillOf(program, figure)) {
    return (
      <>
        <PageHeader breadcrumb={back} title={title} />
        <Alert type="info" showIcon message={t('reports.rowsPage.noList')} />
      </>
    );
  }
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const rows = pages.flatMap((p) => p.rows);
  return (
    <>
      <PageHeader breadcrumb={back} title={title} subtitle={`${county} · ${quarterName(quarter)}`} />
      {head ? <Summary data={head} /> : <Card loading />}
      {head && (
        <Card style={{ marginTop: 12 }} styles={{ body: { padding: 0 } }}>
          <Table<FigureRow>
            size="small"
            rowKey="key"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={rows}
            columns={columns}
            locale={{ emptyText: t('reports.rowsPage.empty') }}
            data-testid="figure-rows"
          />
          {q.hasNextPage && (
            <div style={{ textAlign: 'center', padding: 12 }}>
              <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="figure-rows-more">
                {t('reports.rowsPage.more', { shown: rows.length, total: head.total.rows })}
              </Button>
            </div>
          )}
        </Card>
      )}
    </>
  );
}

function Summary({ data: d }: { data: FigureRows }) {
  const { t } = useTranslation();
  const now = figureValueText(d.measure, d.total);
  const reported = d.reported === null ? '—' : figureValueText(d.measure, null, d.reported);
  const totals = t('reports.rowsPage.totals', { rows: d.total.rows, persons: d.total.persons, amount: formatYuanGrouped(d.total.amountFen) });
  const same = now === reported;
  return (
    <Card size="small" data-testid="figure-rows-summary" data-rows={d.total.rows} data-reported={d.reported ?? ''}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('reports.rowsPage.reported')}：<Typography.Text strong data-testid="figure-rows-reported">{reported}</Typography.Text>{' '}
        <Tag color={d.frozen ? 'blue' : 'default'}>{t(d.frozen ? 'reports.source.snapshot' : 'reports.source.computed')}</Tag>
      </Typography.Paragraph>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        {t('reports.rowsPage.listNow')}：<Typography.Text strong data-testid="figure-rows-now">{now}</Typography.Text>
        <Typography.Text type="secondary">（{totals}）</Typography.Text>
      </Typography.Paragraph>
      {d.frozen && !same ? (
        <Alert type="warning" showIcon message={t('reports.rowsPage.differs')} data-testid="figure-rows-differs" />
      ) : (
        <Typography.Text type="secondary">{t(d.frozen ? 'reports.rowsPage.sameFrozen' : 'reports.rowsPage.sameComputed')}</Typography.Text>
      )}
    </Card>
  );
}

/** The columns of a kind of rows (a hook: called on every render, whatever the kind). */
function useColumns(kind: DrillKind, county: string): TableProps<FigureRow>['columns'] {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const show = rowColumnsOf(kind);
  const cols: TableProps<FigureRow>['columns'] = [
    {
      title: t('reports.rowsPage.col.household'),
      key: 'household',
      fixed: 'left',
      render: (_, r) => (r.householdId ? <Link to={`/registry/${county}/${r.householdId}`}>{r.headName ?? r.householdId}</Link> : (r.headName ?? '—')),
    },
    { title: t('reports.rowsPage.col.area'), dataIndex: 'areaName', key: 'area' },
  ];
  if (show.persons) cols.push({ title: t('reports.rowsPage.col.persons'), dataIndex: 'persons', key: 'persons', align: 'right' });
  if (show.registeredPoor) cols.push({ title: t('reports.rowsPage.col.registeredPoor'), key: 'rp', render: (_, r) => (r.registeredPoor ? <Tag color="orange">{t('reports.rowsPage.registeredPoor')}</Tag> : null) });
  if (show.amount) cols.push({ title: t('reports.rowsPage.col.amount'), key: 'amount', align: 'right', render: (_, r) => (r.amountFen === null ? '—' : formatYuanGrouped(r.amountFen)) });
  if (show.date) cols.push({ title: t(`reports.rowsPage.date.${kind}`), dataIndex: 'date', key: 'date' });
  cols.push({ title: t('reports.rowsPage.col.detail'), key: 'detail', render: (_, r) => (r.detailLabel ? bilingual(r.detailLabel) : '') });
  cols.push({
    title: t('reports.rowsPage.col.open'),
    key: 'open',
    render: (_, r) =>
      r.caseId ? (
        <Link to={`/cases/${county}/${r.caseId}`}>{t('reports.rowsPage.case')}</Link>
      ) : r.rollId ? (
        <Link to={`/payroll/${county}/${r.rollId}`}>{t('reports.rowsPage.roll')}</Link>
      ) : null,
  });
  return cols;
}
