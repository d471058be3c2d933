import { Breadcrumb, Card, Col, Empty, Row, Statistic, Table, type TableProps, Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { DashboardDivision, DashboardFigures, DashboardView } from '#contracts/dashboard.ts';
import { DateField } from '../../../components/date-field.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useUser } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { yuan } from '../../payroll/components/payroll-ui.tsx';
import { useDashboard } from '../api/dashboard.ts';
import { CoverageChart } from './coverage-chart.tsx';
import { coverageShare, dashboardLink, type FigureKey, figureLink, figureValue, monthParam } from './dashboard-model.ts';

const GROUPS: { key: 'coverage' | 'spending' | 'overdue' | 'findings'; figures: FigureKey[] }[] = [
  { key: 'coverage', figures: ['dibaoHouseholds', 'dibaoPersons', 'tekunPersons', 'registeredPoorPersons', 'registeredPersons'] },
  { key: 'spending', figures: ['spendDibao', 'spendTekun', 'spendTemporary', 'spendHeating'] },
  { key: 'overdue', figures: ['overdueCases', 'overdueReviews', 'overduePaperwork', 'rollsAwaitingApproval'] },
  { key: 'findings', figures: ['spotCheckProblems', 'screeningOpen', 'anomalies'] },
];

/** The table's columns: a few figures per child division, each a link to its list. */
const TABLE_FIGURES: FigureKey[] = ['dibaoHouseholds', 'dibaoPersons', 'tekunPersons', 'spendDibao', 'overdueCases', 'overdueReviews', 'overduePaperwork', 'spotCheckProblems'];

/**
 * 领导驾驶舱 The month's coverage, spending, overdue work and findings of the user's area (or a division inside it), as
 * statistic cards, a chart and a table of the child divisions; a division's name drills down, the breadcrumbs go back
 * up, every number opens the list of its records (shown as plain text where the user's role cannot open that list).
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const area = sp.get('area') ?? undefined;
  const month = monthParam(sp.get('month'));
  const q = useDashboard(area, month);
  const v = q.data;
  const setMonth = (m: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (m) next.set('month', m);
    else next.delete('month');
    setSp(next);
  };
  return (
    <>
      <PageHeader
        breadcrumb={v && v.path.length > 1 ? <Crumbs view={v} /> : undefined}
        title={<span data-testid="dashboard-title">{v ? `${v.area.name} · ${t('dashboard.title')}` : t('dashboard.title')}</span>}
        subtitle={
          v ? (
            <>
              {t('dashboard.subtitle', { month: v.month, today: v.today })}
              <div data-testid="dashboard-computed-at">{t('dashboard.computedAt', { time: chinaDateTime(v.computedAt) })}</div>
            </>
          ) : undefined
        }
        extra={<DateField picker="month" value={v?.month ?? month} onChange={setMonth} aria-label={t('dashboard.month')} data-testid="dashboard-month" />}
      />
      {q.isError ? <ErrorResult error={q.error} onRetry={() => void q.refetch()} /> : !v ? <Card loading /> : <Figures view={v} />}
    </>
  );
}

function Crumbs({ view }: { view: DashboardView }) {
  return (
    <Breadcrumb
      data-testid="dashboard-breadcrumb"
      items={view.path.map((d, i) => ({
        key: d.code,
        title: i === view.path.length - 1 ? d.name : <Link to={dashboardLink(d.code, view.month)} data-testid={`dashboard-crumb-${d.code}`}>{d.name}</Link>,
      }))}
    />
  );
}

/** A figure: a link to its list when the user may open it, else the number alone. */
function FigureLink({ area, figures, k, testId, month }: { area: DashboardDivision; figures: DashboardFigures; k: FigureKey; testId: string; month: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const f = figureValue(figures, k);
  if (f.value === null) {
    return (
      <Tooltip title={t('dashboard.notApplicableHint')}>
        <span data-testid={testId}>{t('dashboard.notApplicable')}</span>
      </Tooltip>
    );
  }
  const text = f.money ? yuan(f.value) : f.value.toLocaleString('zh-CN');
  // The records behind the number (the dashboard's own permission); the working list is offered there.
  const to = user.permissions.includes('dashboard.read') ? figureLink(area, k, month) : null;
  return to ? (
    <Link to={to} data-testid={testId} data-value={f.value}>
      {text}
    </Link>
  ) : (
    <span data-testid={testId} data-value={f.value}>
      {text}
    </span>
  );
}

function Figures({ view: v }: { view: DashboardView }) {
  const { t } = useTranslation();
  const share = coverageShare(v.totals);
  const labels = useMemo(() => ({ dibao: t('dashboard.chart.dibao'), tekun: t('dashboard.chart.tekun'), axis: t('dashboard.chart.axis') }), [t]);
  const columns: TableProps<DashboardView['children'][number]>['columns'] = [
    {
      title: t('dashboard.table.division'),
      key: 'division',
      fixed: 'left',
      render: (_, r) =>
        v.childLevel && r.division.level !== 'village' ? (
          <Link to={dashboardLink(r.division.code, v.month)} data-testid={`dashboard-drill-${r.division.code}`}>
            {r.division.name}
          </Link>
        ) : (
          <span data-testid={`dashboard-child-${r.division.code}`}>{r.division.name}</span>
        ),
    },
    ...TABLE_FIGURES.map((k) => ({
      title: t(`dashboard.figure.${k}`),
      key: k,
      align: 'right' as const,
      render: (_: unknown, r: DashboardView['children'][number]) => <FigureLink area={r.division} figures={r.figures} k={k} month={v.month} testId={`child-${r.division.code}-${k}`} />,
    })),
  ];
  return (
    <div data-testid="dashboard" data-area={v.area.code} data-month={v.month}>
      <Row gutter={[16, 16]}>
        {GROUPS.map((g) => (
          <Col key={g.key} xs={24} lg={12}>
            <Card title={t(`dashboard.groups.${g.key}`)} size="small" data-testid={`dashboard-group-${g.key}`}>
              <Row gutter={[12, 12]}>
                {g.figures.map((k) => {
                  const f = figureValue(v.totals, k);
                  return (
                    <Col key={k} xs={12} sm={8}>
                      <Statistic
                        title={t(`dashboard.figure.${k}`)}
                        valueRender={() => <FigureLink area={v.area} figures={v.totals} k={k} month={v.month} testId={`figure-${k}`} />}
                        suffix={f.money && f.value !== null ? t('dashboard.yuanSuffix') : undefined}
                      />
                      {f.money && f.paidFen !== undefined && <div style={{ color: '#8c8c8c', fontSize: 12 }}>{t('dashboard.paid', { yuan: yuan(f.paidFen) })}</div>}
                    </Col>
                  );
                })}
                {g.key === 'coverage' && (
                  <Col xs={12} sm={8}>
                    <Tooltip title={t('dashboard.shareHint')}>
                      <Statistic title={t('dashboard.share')} value={share ?? t('dashboard.notApplicable')} suffix={share ? '%' : undefined} data-testid="figure-share" />
                    </Tooltip>
                  </Col>
                )}
              </Row>
            </Card>
          </Col>
        ))}
      </Row>
      {v.childLevel && (
        <>
          <Card title={t('dashboard.chart.title')} style={{ marginTop: 16 }}>
            {v.children.length === 0 ? <Empty description={t('dashboard.table.empty')} /> : <CoverageChart view={v} labels={labels} />}
          </Card>
          <Card title={`${t('dashboard.table.title')} · ${t(`dashboard.level.${v.childLevel}`)}`} style={{ marginTop: 16 }}>
            <Table
              rowKey={(r) => r.division.code}
              columns={columns}
              dataSource={v.children}
              pagination={false}
              size="small"
              scroll={{ x: 'max-content' }}
              data-testid="dashboard-children"
              locale={{ emptyText: <Empty description={t('dashboard.table.empty')} /> }}
            />
          </Card>
        </>
      )}
    </div>
  );
}
