import { useQueryClient } from '@tanstack/react-query';
import { CheckOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Statistic, Tooltip, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { JobView, RollView } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan, useUser } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useApproveRoll } from '../api/approve-roll.ts';
import { useRoll } from '../api/get-roll.ts';
import { payrollKeys, rollPath } from '../api/query-keys.ts';
import { useUploadResults } from '../api/upload-results.ts';
import { JobModal } from './job-modal.tsx';
import { RollLines } from './roll-lines.tsx';
import { NoPayrollPermission } from './roll-list-page.tsx';
import { RollStatusTag, yuan } from './payroll-ui.tsx';

/** 花名册: control totals, who built, approved, exported and closed it, the actions this user may take, and the lines. */
export default function RollPage() {
  if (!useCan('payroll.read')) return <NoPayrollPermission />;
  return <RollScreen />;
}

function RollScreen() {
  const { t } = useTranslation();
  const { county = '', id = '' } = useParams();
  const q = useRoll(county, id);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/payroll">{t('payroll.title')}</Link>}
        title={
          <span data-testid="roll-title">
            {r.countyName} · {t(`payroll.programs.${r.program}`)} · {r.month} <RollStatusTag status={r.status} />
          </span>
        }
        subtitle={r.id}
        extra={<RollActions roll={r} />}
      />
      <TotalsCard roll={r} />
      <Card style={{ marginTop: 16 }}>
        <RollLines roll={r} />
      </Card>
    </>
  );
}

function TotalsCard({ roll: r }: { roll: RollView }) {
  const { t } = useTranslation();
  const s = r.totals;
  return (
    <Card title={t('payroll.totals.title')} data-testid="roll-totals">
      <Space size={48} wrap style={{ marginBottom: 16 }}>
        <div data-testid="total-paylines">
          <Statistic title={t('payroll.totals.payLines')} value={s.payLines} />
        </div>
        <div data-testid="total-persons">
          <Statistic title={t('payroll.totals.persons')} value={s.persons} />
        </div>
        <div data-testid="total-fen">
          <Statistic title={t('payroll.totals.total')} value={yuan(s.totalFen)} suffix="元" />
        </div>
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
        <Descriptions.Item label={t('payroll.totals.lines')}>{s.lines}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.regular')}>{yuan(s.regularFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.backpay')}>{yuan(s.backpayFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.reissue')}>{yuan(s.reissueFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.recovery')}>{yuan(s.recoveryFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.gradualExit')}>{s.gradualExit}</Descriptions.Item>
        {s.skipped > 0 && <Descriptions.Item label={t('payroll.totals.skipped')}>{s.skipped}</Descriptions.Item>}
        <Descriptions.Item label={t('payroll.info.builtBy')}>
          {r.builtByName} · {chinaDateTime(r.builtAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payroll.info.approvedBy')}>{r.approvedByName ? `${r.approvedByName} · ${chinaDateTime(r.approvedAt)}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.info.exportedLabel')}>{r.exportCount > 0 ? `${t('payroll.info.exported', { count: r.exportCount })} · ${chinaDateTime(r.exportedAt)}` : '—'}</Descriptions.Item>
        {r.status === 'closed' && (
          <Descriptions.Item label={t('payroll.info.bank')}>
            <span data-testid="bank-outcome">
              {t('payroll.info.bankLine', { paid: r.bank.paid, paidYuan: yuan(r.bank.paidFen), failed: r.bank.failed, failedYuan: yuan(r.bank.failedFen) })} · {chinaDateTime(r.closedAt)}
            </span>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function RollActions({ roll: r }: { roll: RollView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bilingual = useBilingual();
  const user = useUser();
  const canApprove = useCan('payroll.approve');
  const qc = useQueryClient();
  const approve = useApproveRoll(r.county, r.id);
  const upload = useUploadResults(r.county, r.id);
  const [job, setJob] = useState<JobView | null>(null);
  const isMaker = r.builtBy === user.id;
  const fail = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  return (
    <Space wrap>
      {r.status === 'built' && canApprove && (
        <Tooltip title={isMaker ? t('payroll.makerCannotApprove') : undefined}>
          <Popconfirm
            title={t('payroll.approveConfirm')}
            disabled={!r.can.approve}
            onConfirm={() => approve.mutate(r.version, { onSuccess: () => void message.success(t('payroll.approved')), onError: fail })}
          >
            <Button type="primary" icon={<CheckOutlined />} disabled={!r.can.approve} loading={approve.isPending} data-testid="roll-approve">
              {t('payroll.approve')}
            </Button>
          </Popconfirm>
        </Tooltip>
      )}
      {r.can.export &&
        (['csv', 'xlsx'] as const).map((f) => (
          <Tooltip key={f} title={t('payroll.exportHint')}>
            <Button
              icon={<DownloadOutlined />}
              href={`${rollPath(r.county, r.id)}/export?format=${f}`}
              download
              // The server counts the export before the first byte: then the result file may be imported.
              onClick={() => setTimeout(() => void qc.invalidateQueries({ queryKey: payrollKeys.roll(r.county, r.id) }), 1500)}
              data-testid={`roll-export-${f}`}
            >
              {t(f === 'csv' ? 'payroll.exportCsv' : 'payroll.exportXlsx')}
            </Button>
          </Tooltip>
        ))}
      {r.can.importResults && (
        <Tooltip title={t('payroll.importHint')}>
          <Upload
            accept=".csv,.xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              upload.mutate(file, { onSuccess: setJob, onError: fail });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="roll-import">
              {t('payroll.importResults')}
            </Button>
          </Upload>
        </Tooltip>
      )}
      {r.status === 'building' && <Alert type="warning" showIcon title={t('payroll.job.interrupted')} />}
      {job && <JobModal job={job} onClose={() => setJob(null)} onEnded={() => void qc.invalidateQueries({ queryKey: payrollKeys.all })} />}
    </Space>
  );
}
