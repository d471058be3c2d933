import { Alert, Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { drillOf, type FigureRows } from '#contracts/report-drill.ts';
import { figureTitle } from '#contracts/report-words.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useCan } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { useFigureRows } from '../api/reports.ts';
import { FigureRowsTable } from './figure-rows-table.tsx';
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
          <FigureRowsTable rows={rows} columns={rowColumnsOf(head.kind)} total={head.total.rows} hasMore={q.hasNextPage} loadingMore={q.isFetchingNextPage} onMore={() => void q.fetchNextPage()} />
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
