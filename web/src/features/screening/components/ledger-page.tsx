import { App, Button, Card, Popconfirm, Select, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { RowSummary } from '#contracts/screening.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { apiDownload, isApiRequestError } from '../../../lib/api-client.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { campaignBase, useCloseCampaign, useProgress, useRows } from '../api/screening.ts';
import { ProgressTable, TallyBar } from './campaigns-page.tsx';
import { RowDrawer } from './row-drawer.tsx';

/** 核查台账: the ledger of the user's area, filtered by village and by whether a row is concluded; a row opens in a drawer. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const { message } = App.useApp();
  const { county = '', campaignId = '' } = useParams();
  const [sp, setSp] = useSearchParams();
  const village = sp.get('village') ?? undefined;
  const concluded = (sp.get('concluded') as 'yes' | 'no' | null) ?? undefined;
  const [page, setPage] = useState(1);
  // `?row=<county>-<household no.>` (the case page's link back) opens that row.
  const [open, setOpen] = useState<{ rowCounty: string; hhNo: string } | null>(() => {
    const m = /^(\d{6})-(.+)$/.exec(sp.get('row') ?? '');
    return m ? { rowCounty: m[1], hhNo: m[2] } : null;
  });
  const progress = useProgress(county, campaignId);
  const rows = useRows(county, campaignId, { ...(village ? { village } : {}), ...(concluded ? { concluded } : {}), page, pageSize: 20 });
  const close = useCloseCampaign(county, campaignId);
  const [exporting, setExporting] = useState(false);
  const c = progress.data?.campaign;
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(sp);
    if (v) next.set(k, v);
    else next.delete(k);
    setSp(next);
    setPage(1);
  };
  const villages = progress.data?.townships.flatMap((tw) => tw.villages.map((v) => ({ value: v.code, label: `${tw.name} ${v.name}` }))) ?? [];
  const fail = (e: unknown) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  const doExport = async () => {
    setExporting(true);
    try {
      const { name, headers } = await apiDownload(`${campaignBase(county, campaignId)}/ledger.xlsx`);
      message.success(t('screening.ledger.exported', { name, count: Number(headers.get('x-export-rows') ?? 0) }));
    } catch (e) {
      fail(e);
    } finally {
      setExporting(false);
    }
  };
  const doClose = async () => {
    try {
      await close.mutateAsync();
      message.success(t('screening.ledger.closed'));
    } catch (e) {
      fail(e);
    }
  };

  const columns: TableProps<RowSummary>['columns'] = [
    { title: t('screening.rowCol.seq'), dataIndex: 'seq', width: 60 },
    { title: t('screening.rowCol.village'), key: 'v', render: (_, r) => `${r.townshipName} ${r.villageName}` },
    { title: t('screening.rowCol.head'), dataIndex: 'headName', render: (n: string, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen({ rowCounty: r.countyCode, hhNo: r.hhNo })} data-testid={`row-open-${r.hhNo}`}>
          {n}
        </Button>
      ),
    },
    { title: t('screening.rowCol.hhNo'), dataIndex: 'hhNo', responsive: ['md'] },
    { title: t('screening.rowCol.attribute'), dataIndex: 'attribute', responsive: ['md'], render: (a: RowSummary['attribute']) => t(`screening.attribute.${a}`) },
    { title: t('screening.rowCol.status'), dataIndex: 'status', responsive: ['lg'], render: (s: RowSummary['status']) => t(`screening.status.${s}`) },
    {
      title: t('screening.rowCol.covered'),
      key: 'cov',
      responsive: ['lg'],
      render: (_, r) => (r.coveredAtOpen.length > 0 ? r.coveredAtOpen.map((p) => <Tag key={p} color="green">{t(`screening.program.${p}`)}</Tag>) : t('screening.notCovered')),
    },
    {
      title: t('screening.rowCol.conclusion'),
      key: 'c',
      render: (_, r) =>
        r.conclusion ? (
          <Space size={4} wrap>
            <Tag color="blue" data-testid={`row-conclusion-${r.hhNo}`}>{t(`screening.conclusion.${r.conclusion}`)}</Tag>
            {r.case && <Link to={`/cases/${r.case.countyCode}/${r.case.id}`}>{t('screening.openCase')}</Link>}
          </Space>
        ) : (
          <Tag data-testid={`row-conclusion-${r.hhNo}`}>{t('screening.pending')}</Tag>
        ),
    },
    {
      title: t('screening.rowCol.actions'),
      key: 'a',
      width: 70,
      render: (_, r) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen({ rowCounty: r.countyCode, hhNo: r.hhNo })} data-testid={`row-fill-${r.hhNo}`}>
          {c?.can.fill && !r.conclusion ? t('screening.fill') : t('screening.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={c ? t('screening.ledger.title', { year: c.year }) : t('screening.title')}
        subtitle={c ? t('screening.ledger.subtitle', { area: c.areaName, deadline: c.deadline }) : undefined}
        breadcrumb={<Link to="/screening">{t('screening.nav')}</Link>}
        extra={
          <Space wrap>
            {c?.can.export && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="ledger-export">
                {t('screening.ledger.export')}
              </Button>
            )}
            {c?.can.close && (
              <Popconfirm title={t('screening.ledger.closeConfirm')} onConfirm={() => void doClose()}>
                <Button danger loading={close.isPending} data-testid="ledger-close">
                  {t('screening.ledger.close')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {progress.isError && <ErrorResult error={progress.error} onRetry={() => void progress.refetch()} />}
      {c && (
        <Card style={{ marginBottom: 16 }}>
          <Space wrap align="center">
            <Tag color={c.state === 'open' ? 'processing' : 'default'}>{t(`screening.state.${c.state}`)}</Tag>
            <TallyBar tally={c.tally} testId="ledger-tally" />
          </Space>
          {c.state === 'closed' && <Typography.Paragraph type="secondary">{t('screening.ledger.readOnly')}</Typography.Paragraph>}
        </Card>
      )}
      <Card>
        <div className="filter-bar" style={{ marginBottom: 16, display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Select allowClear placeholder={t('screening.ledger.allVillages')} value={village} onChange={(v) => set('village', v)} options={villages} style={{ minWidth: 200 }} data-testid="ledger-village" />
          <Select
            value={concluded ?? 'all'}
            onChange={(v) => set('concluded', v === 'all' ? undefined : v)}
            options={[
              { value: 'all', label: t('screening.ledger.all') },
              { value: 'no', label: t('screening.ledger.no') },
              { value: 'yes', label: t('screening.ledger.yes') },
            ]}
            style={{ minWidth: 140 }}
            data-testid="ledger-concluded"
          />
        </div>
        {rows.isError ? (
          <ErrorResult error={rows.error} onRetry={() => void rows.refetch()} />
        ) : (
          <Table<RowSummary>
            rowKey={(r) => `${r.countyCode}/${r.hhNo}`}
            columns={columns}
            dataSource={rows.data?.items ?? []}
            loading={rows.isFetching}
            size="middle"
            scroll={{ x: 360 }}
            data-testid="ledger-table"
            pagination={{ current: page, pageSize: 20, total: rows.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          />
        )}
      </Card>
      {progress.data && (
        <Card title={t('screening.progressTitle')} style={{ marginTop: 16 }}>
          <ProgressTable progress={progress.data} />
        </Card>
      )}
      {open && <RowDrawer county={county} campaignId={campaignId} rowCounty={open.rowCounty} hhNo={open.hhNo} onClose={() => setOpen(null)} />}
    </>
  );
}
