import { PlusOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Empty, Popconfirm, Button, Space, Statistic, Table, type TableProps, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { HeatingExceptionKind, SeasonExceptionView, SeasonParamView, SeasonView } from '#contracts/heating.ts';
import { HEATING_EXCEPTION_KINDS } from '#contracts/heating.ts';
import type { RollView } from '#contracts/payroll.ts';
import { AreaCascader } from '../../../components/area-cascader/area-cascader.tsx';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { RollStatusTag, yuan } from '../../payroll/components/payroll-ui.tsx';
import { useBuildSeasonRoll, useSeason, useSeasonExceptions } from '../api/seasons.ts';
import { CostChart } from './cost-chart.tsx';
import { areaParam, buildActions, paramValueKey, rollNameKey } from './season-model.ts';
import { NoHeatingPermission, SeasonStatusTag } from './seasons-page.tsx';

/**
 * 采暖季 A county's season: its months and reference day, the parameters it fixed (with their sources; demo values
 * marked 示例值), the figures (households on its rolls, paid, exceptions by kind; by heating mode), the cost per township
 * as a chart, its rolls — each opens the roll page, where it is approved and exported — with the buttons that build
 * them, and the exceptions, each leading to its household, where the missing heating data is recorded.
 */
export default function SeasonPage() {
  if (!useCan('payroll.read')) return <NoHeatingPermission />;
  return <SeasonScreen />;
}

function SeasonScreen() {
  const { t } = useTranslation();
  const { county = '', season = '' } = useParams();
  const q = useSeason(county, season);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const s = q.data;
  if (!s) return <Card loading />;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/heating/seasons">{t('heatingSeason.title')}</Link>}
        title={
          <span data-testid="season-title">
            {s.countyName} · {t('heatingSeason.seasonName', { season: s.season })} <SeasonStatusTag status={s.status} />
          </span>
        }
        subtitle={t('heatingSeason.period', { from: s.firstMonth, to: s.lastMonth })}
      />
      <InfoCard season={s} />
      <FiguresCard season={s} />
      <Card title={t('heatingSeason.chart.title')} style={{ marginTop: 16 }}>
        {s.figures.townships.length === 0 ? <Empty description={t('heatingSeason.chart.empty')} /> : <CostChart townships={s.figures.townships} axisName={t('heatingSeason.chart.axis')} />}
      </Card>
      <RollsCard season={s} />
      <ExceptionsCard season={s} />
      <ParamsCard params={s.params} />
    </>
  );
}

function InfoCard({ season: s }: { season: SeasonView }) {
  const { t } = useTranslation();
  return (
    <Card title={t('heatingSeason.info.title')} data-testid="season-info">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('heatingSeason.info.period')}>{t('heatingSeason.period', { from: s.firstMonth, to: s.lastMonth })}</Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.referenceDay')}>
          <Tooltip title={t('heatingSeason.info.referenceDayHint')}>
            <span data-testid="season-reference-day">{s.referenceDay}</span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.openedBy')}>
          {s.openedByName} · {chinaDateTime(s.openedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.dispersed')}>{t('heatingSeason.info.dispersedValue', { yuan: yuan(s.amounts.dispersedFen) })}</Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.central')}>{t('heatingSeason.info.centralValue', { rate: s.amounts.centralRate, area: s.amounts.maxArea })}</Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.supplementary')}>{t(`heatingSeason.supplementary.${s.amounts.supplementary}`)}</Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.info.concentrated')}>{t(`heatingSeason.concentrated.${s.amounts.concentrated}`)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function FiguresCard({ season: s }: { season: SeasonView }) {
  const { t } = useTranslation();
  const f = s.figures;
  const exceptions = HEATING_EXCEPTION_KINDS.reduce((a, k) => a + f.exceptions[k], 0);
  return (
    <Card title={t('heatingSeason.figures.title')} style={{ marginTop: 16 }} data-testid="season-figures" data-households={f.households} data-fen={f.fen} data-paid={f.paid}>
      <Space size={40} wrap style={{ marginBottom: 16 }}>
        <div data-testid="figure-households">
          <Statistic title={t('heatingSeason.figures.households')} value={f.households} />
        </div>
        <div data-testid="figure-total">
          <Statistic title={t('heatingSeason.figures.total')} value={yuan(f.fen)} suffix="元" />
        </div>
        <div data-testid="figure-paid">
          <Statistic title={t('heatingSeason.figures.paid')} value={yuan(f.paidFen)} suffix={t('heatingSeason.figures.paidSuffix', { count: f.paid })} />
        </div>
        <div data-testid="figure-exceptions">
          <Statistic title={t('heatingSeason.figures.exceptions')} value={exceptions} suffix="户" />
        </div>
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('heatingSeason.figures.central')}>{t('heatingSeason.figures.modeValue', { count: f.central, yuan: yuan(f.centralFen) })}</Descriptions.Item>
        <Descriptions.Item label={t('heatingSeason.figures.dispersed')}>{t('heatingSeason.figures.modeValue', { count: f.dispersed, yuan: yuan(f.dispersedFen) })}</Descriptions.Item>
        {HEATING_EXCEPTION_KINDS.map((k) => (
          <Descriptions.Item key={k} label={t(`heatingSeason.exceptions.kind.${k}`)}>
            <span data-testid={`figure-exception-${k}`}>{t('heatingSeason.households', { count: f.exceptions[k] })}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

function RollsCard({ season: s }: { season: SeasonView }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const canBuild = useCan('payroll.build') && s.status === 'open';
  const build = useBuildSeasonRoll(s.county, s.season);
  const actions = buildActions(s.rolls);
  const columns: TableProps<RollView>['columns'] = [
    {
      title: t('heatingSeason.rolls.col.name'),
      key: 'name',
      render: (_, r) => {
        const n = rollNameKey(r);
        return (
          <Link to={`/payroll/${r.county}/${r.id}`} data-testid={`season-roll-${r.round}`}>
            {t(n.key, n.values)}
          </Link>
        );
      },
    },
    { title: t('heatingSeason.rolls.col.status'), key: 'status', render: (_, r) => <RollStatusTag status={r.status} /> },
    { title: t('heatingSeason.rolls.col.lines'), key: 'lines', align: 'right', responsive: ['sm'], render: (_, r) => r.totals.payLines },
    { title: t('heatingSeason.rolls.col.total'), key: 'total', align: 'right', render: (_, r) => yuan(r.totals.totalFen) },
    { title: t('heatingSeason.rolls.col.builtBy'), dataIndex: 'builtByName', key: 'by', responsive: ['md'] },
    { title: t('heatingSeason.rolls.col.approvedBy'), key: 'approved', responsive: ['lg'], render: (_, r) => r.approvedByName ?? '—' },
  ];
  const button = (supplementary: boolean) => (
    <Popconfirm
      title={t(supplementary ? 'heatingSeason.rolls.supplementaryConfirm' : 'heatingSeason.rolls.buildConfirm')}
      description={<div style={{ maxWidth: 280 }}>{t(supplementary ? 'heatingSeason.rolls.supplementaryHint' : 'heatingSeason.rolls.buildHint')}</div>}
      okText={t(supplementary ? 'heatingSeason.rolls.supplementary' : 'heatingSeason.rolls.build')}
      onConfirm={() => build.mutate(supplementary)}
      okButtonProps={{ 'data-testid': supplementary ? 'season-supplementary-confirm' : 'season-build-confirm' } as Record<`data-${string}`, string>}
    >
      <Button type={supplementary ? 'default' : 'primary'} icon={<PlusOutlined />} loading={build.isPending && build.variables === supplementary} data-testid={supplementary ? 'season-supplementary' : 'season-build'}>
        {t(supplementary ? 'heatingSeason.rolls.supplementary' : 'heatingSeason.rolls.build')}
      </Button>
    </Popconfirm>
  );
  return (
    <Card
      title={t('heatingSeason.rolls.title')}
      style={{ marginTop: 16 }}
      extra={
        canBuild && (
          <Space wrap>
            {actions.build && button(false)}
            {actions.supplementary && button(true)}
          </Space>
        )
      }
      data-testid="season-rolls"
    >
      <Typography.Paragraph type="secondary">{t('heatingSeason.rolls.hint')}</Typography.Paragraph>
      {build.isError && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={isApiRequestError(build.error) ? bilingual(build.error.messages) : String(build.error)} data-testid="season-build-error" />
      )}
      {build.isSuccess && (
        <Alert type="success" showIcon style={{ marginBottom: 12 }} title={t('heatingSeason.rolls.built', { households: build.data.households, yuan: yuan(build.data.totalFen) })} data-testid="season-build-done" />
      )}
      <Table<RollView>
        rowKey={(r) => r.id}
        columns={columns}
        dataSource={s.rolls}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('heatingSeason.rolls.empty')} /> }}
        data-testid="season-rolls-table"
      />
    </Card>
  );
}

const PAGE_SIZE = 20;

function ExceptionsCard({ season: s }: { season: SeasonView }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<HeatingExceptionKind | undefined>(undefined);
  const [area, setArea] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const q = useSeasonExceptions(s.county, s.season, { kind, area: areaParam(area), page, pageSize: PAGE_SIZE });
  const counts = q.data?.counts ?? s.figures.exceptions;
  const all = HEATING_EXCEPTION_KINDS.reduce((a, k) => a + counts[k], 0);
  const columns: TableProps<SeasonExceptionView>['columns'] = [
    {
      title: t('heatingSeason.exceptions.col.head'),
      key: 'head',
      render: (_, x) => (
        <Link to={`/registry/${s.county}/${x.householdId}`} className="cell-name" data-testid={`exception-household-${x.householdId}`}>
          {x.headName}
        </Link>
      ),
    },
    { title: t('heatingSeason.exceptions.col.area'), dataIndex: 'areaName', key: 'area' },
    { title: t('heatingSeason.exceptions.col.members'), dataIndex: 'members', key: 'members', width: 70, responsive: ['md'] },
    { title: t('heatingSeason.exceptions.col.program'), key: 'program', responsive: ['md'], render: (_, x) => <Tag>{t(`heatingSeason.exceptions.program.${x.program}`)}</Tag> },
    { title: t('heatingSeason.exceptions.col.kind'), key: 'kind', render: (_, x) => <Tag color={x.kind === 'missing' ? 'orange' : x.kind === 'changed' ? 'red' : 'default'}>{t(`heatingSeason.exceptions.kind.${x.kind}`)}</Tag> },
    {
      title: t('heatingSeason.exceptions.col.now'),
      key: 'now',
      responsive: ['lg'],
      render: (_, x) =>
        x.statusNow ? `${t(`heatingSeason.exceptions.statusNow.${x.statusNow}`, { defaultValue: '—' })}${x.sinceMonth ? ` · ${t('heatingSeason.exceptions.since', { month: x.sinceMonth })}` : ''}` : '—',
    },
  ];
  const tab = (k: HeatingExceptionKind | 'all', n: number) => ({ key: k, label: <span data-testid={`exceptions-tab-${k}`}>{`${k === 'all' ? t('heatingSeason.exceptions.all') : t(`heatingSeason.exceptions.kind.${k}`)}（${n}）`}</span> });
  return (
    <Card title={t('heatingSeason.exceptions.title')} style={{ marginTop: 16 }} data-testid="season-exceptions">
      <Typography.Paragraph type="secondary">{t('heatingSeason.exceptions.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={kind ?? 'all'}
        onChange={(k) => {
          setKind(k === 'all' ? undefined : (k as HeatingExceptionKind));
          setPage(1);
        }}
        items={[tab('all', all), ...HEATING_EXCEPTION_KINDS.map((k) => tab(k, counts[k]))]}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('heatingSeason.exceptions.area')}</span>
        <AreaCascader
          rootCode={`${s.county}000000`}
          value={area}
          onChange={(v) => {
            setArea(v || undefined);
            setPage(1);
          }}
          placeholder={t('heatingSeason.exceptions.areaPlaceholder')}
          style={{ width: 280, maxWidth: '100%' }}
          data-testid="exceptions-area"
        />
        {q.data && <Tag data-testid="exceptions-total">{t('heatingSeason.exceptions.total', { count: q.data.total })}</Tag>}
      </Space>
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<SeasonExceptionView>
          size="middle"
          rowKey={(x) => `${x.kind}/${x.householdId}/${x.enrollmentId}`}
          columns={columns}
          dataSource={q.data?.rows ?? []}
          loading={q.isFetching}
          locale={{ emptyText: t('heatingSeason.exceptions.empty') }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          data-testid="exceptions-table"
        />
      )}
    </Card>
  );
}

function ParamsCard({ params }: { params: SeasonParamView[] }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const paramText = (p: SeasonParamView) => {
    const k = paramValueKey(p);
    return k ? t(k.key, k.values) : p.value;
  };
  const columns: TableProps<SeasonParamView>['columns'] = [
    { title: t('heatingSeason.params.col.name'), key: 'name', render: (_, p) => bilingual(p.label) },
    {
      title: t('heatingSeason.params.col.value'),
      key: 'value',
      render: (_, p) => (
        <Space size={4} wrap>
          <span>{paramText(p)}</span>
          {p.illustrative && (
            <Tooltip title={t('heatingSeason.params.illustrativeHint')}>
              <Tag color="gold" data-testid="param-illustrative">
                {t('heatingSeason.params.illustrative')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('heatingSeason.params.col.from'), dataIndex: 'effectiveFrom', key: 'from', responsive: ['md'] },
    { title: t('heatingSeason.params.col.citation'), dataIndex: 'citation', key: 'citation', responsive: ['md'] },
  ];
  return (
    <Card title={t('heatingSeason.params.title')} style={{ marginTop: 16 }} data-testid="season-params">
      <Typography.Paragraph type="secondary">{t('heatingSeason.params.hint')}</Typography.Paragraph>
      <Table<SeasonParamView> size="small" rowKey={(p) => p.name} columns={columns} dataSource={params} pagination={false} />
    </Card>
  );
}
