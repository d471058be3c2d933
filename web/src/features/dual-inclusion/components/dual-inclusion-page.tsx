import { DownloadOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Row, Space, Statistic, Table, Tabs, Tooltip, Upload } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AreaFigures, DISCREPANCY_KINDS, DUAL_LISTS, type DiscrepancyKind, type DualList, type ReplyImportReport } from '#contracts/dual-inclusion.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { usePagedParams } from '../../../components/paged-list.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { useBilingual } from '../../../lib/i18n.ts';
import { downloadExchange, downloadList, useDownloadReplyReport, useImportReplies, useOverview, useReferralExport } from '../api/dual-inclusion.ts';
import { canDrill, rateText } from './dual-inclusion-model.ts';
import { DualListTable } from './list-tables.tsx';
import { RateChart } from './rate-chart.tsx';

const LEVEL_OF_CHILDREN: Record<number, 'county' | 'township' | 'village'> = { 4: 'county', 6: 'township', 9: 'village' };

/** The digits naming an area (2112 a city, 211221 a county, 211221101 a township). */
const prefixLength = (code: string) => (code.endsWith('000000') ? (code.endsWith('00000000') ? 4 : 6) : code.endsWith('000') ? 9 : 12);

/**
 * 双纳入 The dual-inclusion page (issue 12 point 3–4): the figures of the area, the rate of each sub-area as a chart
 * (a click opens it, breadcrumbs lead back), the four lists paged, each exportable; for the liaison and the county
 * administrator the exchange with the poverty office (the rolls in its template, the referral list, its reply).
 */
export default function DualInclusionPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const user = useUser();
  const canExchange = useCan('poverty.exchange');
  const [params, update] = usePagedParams((sp) => ({
    area: sp.get('area') ?? undefined,
    tab: (DUAL_LISTS as readonly string[]).includes(sp.get('tab') ?? '') ? (sp.get('tab') as DualList) : undefined,
    kind: (DISCREPANCY_KINDS as readonly string[]).includes(sp.get('kind') ?? '') ? (sp.get('kind') as DiscrepancyKind) : undefined,
  }));
  const tab: DualList = params.tab ?? 'uncovered';
  const overview = useOverview(params.area);
  const open = useCallback((code: string) => update({ area: code, page: 1 }), [update]);
  const [busy, setBusy] = useState<string | null>(null);
  const referral = useReferralExport();
  const replies = useImportReplies();
  const replyReport = useDownloadReplyReport();
  const [report, setReport] = useState<ReplyImportReport | null>(null);

  const failed = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  const download = async (key: string, run: () => Promise<{ name: string; headers: Headers }>) => {
    setBusy(key);
    try {
      const { name, headers } = await run();
      void message.success(t('dualInclusion.exportDone', { name, count: Number(headers.get('x-export-rows') ?? 0) }));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };

  const o = overview.data;
  const header = (
    <PageHeader
      title={t('dualInclusion.title')}
      subtitle={`${user.areaName} · ${t('dualInclusion.subtitle')}`}
      extra={
        canExchange && o && o.snapshots.length > 0 ? (
          <Space wrap>
            <Tooltip title={t('dualInclusion.exchangeHint')}>
              <Button icon={<DownloadOutlined />} loading={busy === 'exchange'} onClick={() => void download('exchange', () => downloadExchange(params.area))} data-testid="dual-exchange">
                {t('dualInclusion.exchange')}
              </Button>
            </Tooltip>
          </Space>
        ) : null
      }
    />
  );
  if (overview.isError) return (<>{header}<ErrorResult error={overview.error} onRetry={() => void overview.refetch()} /></>);
  if (o && o.snapshots.length === 0) {
    return (
      <>
        {header}
        <Card>
          <Empty description={t('dualInclusion.noSnapshot')} data-testid="dual-empty">
            <div className="page-subtitle">{t('dualInclusion.noSnapshotHint')}</div>
          </Empty>
        </Card>
      </>
    );
  }
  const childLevel = o ? LEVEL_OF_CHILDREN[prefixLength(o.area.areaCode)] : undefined;
  const f = o?.area;
  return (
    <>
      {header}
      {o && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          data-testid="dual-breadcrumb"
          items={o.path.map((p, i) => ({
            title:
              i === o.path.length - 1 ? (
                <span>{p.name}</span>
              ) : (
                <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => update({ area: i === 0 ? undefined : p.code, page: 1 })} data-testid={`crumb-${p.code}`}>
                  {p.name}
                </Button>
              ),
          }))}
        />
      )}
      <Card loading={!o} style={{ marginBottom: 16 }}>
        {f && (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={8} md={4}>
                <Tooltip title={t('dualInclusion.figures.rateHint')}>
                  <Statistic title={t('dualInclusion.figures.rate')} value={rateText(f.rate)} valueStyle={{ color: '#1677ff' }} data-testid="dual-rate" />
                </Tooltip>
              </Col>
              <Col xs={12} sm={8} md={4}><Statistic title={t('dualInclusion.figures.registeredPoor')} value={f.registeredPoor} data-testid="fig-registered" /></Col>
              <Col xs={12} sm={8} md={4}><Statistic title={t('dualInclusion.figures.covered')} value={f.covered} data-testid="fig-covered" /></Col>
              <Col xs={12} sm={8} md={4}><Statistic title={t('dualInclusion.figures.uncovered')} value={f.uncovered} data-testid="fig-uncovered" /></Col>
              <Col xs={12} sm={8} md={4}><Statistic title={t('dualInclusion.figures.referral')} value={f.referral} data-testid="fig-referral" /></Col>
              <Col xs={12} sm={8} md={4}><Statistic title={t('dualInclusion.figures.discrepancies')} value={f.discrepancies} data-testid="fig-discrepancies" /></Col>
            </Row>
            <div className="page-subtitle" style={{ marginTop: 8 }}>
              {[t('dualInclusion.month', { month: o.month }), ...o.snapshots.map((s) => t('dualInclusion.snapshotOf', { county: s.countyName, asOf: s.asOf }))].join(' · ')}
            </div>
          </>
        )}
      </Card>
      {o && childLevel && o.children.length > 0 && (
        <Card title={t('dualInclusion.chartTitle', { level: t(`dualInclusion.levels.${childLevel}`) })} extra={<span className="page-subtitle">{t('dualInclusion.chartHint')}</span>} style={{ marginBottom: 16 }}>
          <RateChart areas={o.children} axisName={t('dualInclusion.rateAxis')} onOpen={open} />
          <Table<AreaFigures>
            size="small"
            rowKey="areaCode"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={o.children}
            data-testid="dual-areas"
            columns={[
              {
                title: t(`dualInclusion.levels.${childLevel}`),
                key: 'area',
                render: (_, a) =>
                  canDrill(a.areaCode) ? (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(a.areaCode)} data-testid={`area-${a.areaCode}`}>
                      {a.areaName}
                    </Button>
                  ) : (
                    a.areaName
                  ),
              },
              { title: t('dualInclusion.figures.registeredPoor'), dataIndex: 'registeredPoor' },
              { title: t('dualInclusion.tabs.covered'), dataIndex: 'covered' },
              { title: t('dualInclusion.tabs.uncovered'), dataIndex: 'uncovered' },
              { title: t('dualInclusion.tabs.referral'), dataIndex: 'referral' },
              { title: t('dualInclusion.tabs.discrepancies'), dataIndex: 'discrepancies' },
              { title: t('dualInclusion.figures.rate'), key: 'rate', render: (_, a) => rateText(a.rate) },
            ]}
          />
        </Card>
      )}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k as DualList, kind: undefined, page: 1 })}
          tabBarExtraContent={
            <Space wrap>
              <Button icon={<DownloadOutlined />} loading={busy === tab} onClick={() => void download(tab, () => downloadList(tab, params.area, tab === 'discrepancies' ? params.kind : undefined))} data-testid={`dual-export-${tab}`}>
                {t('dualInclusion.exportList')}
              </Button>
            </Space>
          }
          items={DUAL_LISTS.map((l) => ({
            key: l,
            label: (
              <span data-testid={`dual-tab-${l}`}>
                {t(`dualInclusion.tabs.${l}`)}
                {f ? ` ${l === 'covered' ? f.covered : l === 'uncovered' ? f.uncovered : l === 'referral' ? f.referral : f.discrepancies}` : ''}
              </span>
            ),
            children:
              l === tab ? (
                <>
                  {l === 'referral' && canExchange && (
                    <Space wrap style={{ marginBottom: 12 }}>
                      <Tooltip title={t('dualInclusion.referralHint')}>
                        <Button
                          type="primary"
                          icon={<SendOutlined />}
                          loading={referral.isPending}
                          onClick={() => referral.mutate(params.area, { onSuccess: (r) => void message.success(t('dualInclusion.referralDone', { name: r.name, count: r.rows })), onError: failed })}
                          data-testid="dual-referral-export"
                        >
                          {t('dualInclusion.referralExport')}
                        </Button>
                      </Tooltip>
                      <Tooltip title={t('dualInclusion.replyHint')}>
                        <Upload
                          accept=".xlsx,.csv"
                          showUploadList={false}
                          beforeUpload={(file) => {
                            replies.mutate(file, {
                              onSuccess: (r) => {
                                setReport(r.applied ? null : r);
                                if (r.applied) void message.success(t('dualInclusion.replyApplied', { accepted: r.accepted, refused: r.refused }));
                              },
                              onError: failed,
                            });
                            return false;
                          }}
                        >
                          <Button icon={<UploadOutlined />} loading={replies.isPending} data-testid="dual-reply-import">
                            {t('dualInclusion.replyImport')}
                          </Button>
                        </Upload>
                      </Tooltip>
                    </Space>
                  )}
                  {l === 'referral' && report && (
                    <Alert
                      type="error"
                      showIcon
                      style={{ marginBottom: 12 }}
                      data-testid="dual-reply-problems"
                      message={t('dualInclusion.replyRefused', { count: report.problemCount })}
                      action={<Button size="small" onClick={() => replyReport.mutate(report)}>{t('dualInclusion.replyReport')}</Button>}
                      description={
                        <Table
                          size="small"
                          rowKey={(p) => `${p.row}/${p.code}/${p.column ?? ''}`}
                          pagination={false}
                          dataSource={report.problems.slice(0, 20)}
                          columns={[
                            { title: t('dualInclusion.problem.row'), dataIndex: 'row' },
                            { title: t('dualInclusion.problem.column'), dataIndex: 'column', render: (v: string | null) => v ?? '—' },
                            { title: t('dualInclusion.problem.message'), key: 'm', render: (_, p) => bilingual(p.message) },
                          ]}
                        />
                      }
                    />
                  )}
                  <DualListTable
                    list={l}
                    params={{ area: params.area, kind: params.kind, page: params.page, pageSize: params.pageSize }}
                    onPage={(p) => update(p)}
                    onKind={(kind) => update({ kind, page: 1 })}
                  />
                </>
              ) : null,
          }))}
        />
      </Card>
    </>
  );
}
