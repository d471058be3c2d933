import { useQueryClient } from '@tanstack/react-query';
import { CheckOutlined, DownloadOutlined, SyncOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Modal, Popconfirm, Space, Statistic, Table, type TableProps, Tag, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { JobView, RefreshResult, RollChange, RollView } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { useApproveRoll } from '../api/approve-roll.ts';
import { useRoll } from '../api/get-roll.ts';
import { useRefreshRoll } from '../api/refresh-roll.ts';
import { payrollKeys, rollPath } from '../api/query-keys.ts';
import { useUploadResults } from '../api/upload-results.ts';
import { JobModal } from './job-modal.tsx';
import { RollLines } from './roll-lines.tsx';
import { NoPayrollPermission } from './roll-list-page.tsx';
import { KindTag, RollStatusTag, yuan } from './payroll-ui.tsx';
import { rollNotices } from './roll-notices.ts';
import { ReconciliationCard } from '../../temporary/components/reconciliation-card.tsx';
import { seasonOfMonth } from '../../heating/components/season-model.ts';

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
        breadcrumb={<RollBreadcrumb roll={r} />}
        title={
          <span data-testid="roll-title">
            {r.countyName} · {t(`payroll.programs.${r.program}`)} · {rollTitle(r, t)} <RollStatusTag status={r.status} />
          </span>
        }
        subtitle={r.id}
        extra={<RollActions roll={r} />}
      />
      <RollNotices roll={r} />
      <TotalsCard roll={r} />
      {r.program === 'temporary' && <ReconciliationCard county={r.county} id={r.id} />}
      <Card style={{ marginTop: 16 }}>
        <RollLines roll={r} />
      </Card>
    </>
  );
}

/** Where the roll came from: the temporary-aid batches, its heating season (ADR 0043), or the monthly rolls. */
function RollBreadcrumb({ roll: r }: { roll: RollView }) {
  const { t } = useTranslation();
  if (r.program === 'temporary') return <Link to="/temporary/batches">{t('temporary.batches.title')}</Link>;
  if (r.kind === 'season') {
    const season = seasonOfMonth(r.month);
    return <Link to={`/heating/seasons/${r.county}/${season}`}>{t('heatingSeason.seasonName', { season })}</Link>;
  }
  return <Link to="/payroll">{t('payroll.title')}</Link>;
}

/** The roll's name: a batch of the month, a heating season's roll (采暖季花名册 / 补充发放第 N 批), or the month. */
function rollTitle(r: RollView, t: TFunction): string {
  if (r.kind === 'disbursement') return t('temporary.batches.name', { month: r.month, round: r.round });
  if (r.kind === 'season') return t(r.round === 0 ? 'heatingSeason.rollTitle.season' : 'heatingSeason.rollTitle.supplementary', { season: seasonOfMonth(r.month), round: r.round });
  return r.month;
}

/** Stale, settled by a later roll, accounts entered since, payments held: what the maker and the approver must know. */
function RollNotices({ roll: r }: { roll: RollView }) {
  const { t } = useTranslation();
  const notices = rollNotices(r);
  if (notices.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
      {notices.map((n) => (
        <Alert key={n.key} type={n.type} showIcon title={t(`payroll.notice.${n.key}`, n.values)} data-testid={`roll-notice-${n.key}`} />
      ))}
    </Space>
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
        <div data-testid="total-bank" data-lines={s.bankLines} data-fen={s.bankFen}>
          <Statistic title={t('payroll.totals.bank')} value={yuan(s.bankFen)} suffix={t('payroll.totals.amountCount', { count: s.bankLines })} />
        </div>
        <div data-testid="total-held" data-lines={s.held} data-fen={s.heldFen}>
          <Statistic title={t('payroll.totals.held')} value={yuan(s.heldFen)} suffix={t('payroll.totals.amountCount', { count: s.held })} styles={s.held > 0 ? { content: { color: '#d46b08' } } : undefined} />
        </div>
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} bordered>
        <Descriptions.Item label={t('payroll.totals.lines')}>{s.lines}</Descriptions.Item>
        <Descriptions.Item label={r.program === 'temporary' ? t('payroll.kinds.stage') : t('payroll.totals.regular')}>{yuan(s.regularFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.backpay')}>{yuan(s.backpayFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.reissue')}>{yuan(s.reissueFen)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.totals.recovery')}>{yuan(s.recoveryFen)}</Descriptions.Item>
        {r.program !== 'temporary' && r.program !== 'heating' && <Descriptions.Item label={t('payroll.totals.gradualExit')}>{s.gradualExit}</Descriptions.Item>}
        {s.skipped > 0 && <Descriptions.Item label={t('payroll.totals.skipped')}>{s.skipped}</Descriptions.Item>}
        <Descriptions.Item label={t('payroll.info.builtBy')}>
          {r.builtByName} · {chinaDateTime(r.builtAt)}
        </Descriptions.Item>
        {r.refreshedByName && (
          <Descriptions.Item label={t('payroll.info.refreshedBy')}>
            <span data-testid="roll-refreshed-by">
              {r.refreshedByName} · {chinaDateTime(r.refreshedAt)}
            </span>
          </Descriptions.Item>
        )}
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
  const canApprove = useCan('payroll.approve');
  const qc = useQueryClient();
  const approve = useApproveRoll(r.county, r.id);
  const refresh = useRefreshRoll(r.county, r.id);
  const upload = useUploadResults(r.county, r.id);
  const [job, setJob] = useState<JobView | null>(null);
  const [diff, setDiff] = useState<RefreshResult | null>(null);
  const blocked = r.approveBlockedBy === 'maker' ? t('payroll.makerCannotApprove') : r.approveBlockedBy === 'stale' ? t('payroll.staleCannotApprove') : undefined;
  const fail = (e: unknown) => void message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e));
  // An approver who refreshes becomes one of the roll's makers: said before, not after.
  const approverRefreshing = canApprove && r.approveBlockedBy !== 'maker';
  return (
    <Space wrap>
      {r.can.refresh && (
        // Opened downwards: the actions sit under the sticky header, where a confirmation opened upwards could end up
        // above the screen (seen in a loaded CI run: its button outside the viewport).
        <Popconfirm
          placement="bottomRight"
          title={t(approverRefreshing ? 'payroll.refreshConfirmApprover' : 'payroll.refreshConfirm')}
          onConfirm={() =>
            refresh.mutate(r.version, {
              onSuccess: (res) => {
                if (res.changed) setDiff(res);
                else void message.info(t('payroll.refreshNoChange'));
              },
              onError: fail,
            })
          }
        >
          <Button type={r.freshness?.stale ? 'primary' : 'default'} icon={<SyncOutlined />} loading={refresh.isPending} data-testid="roll-refresh">
            {t('payroll.refresh')}
          </Button>
        </Popconfirm>
      )}
      {r.status === 'built' && canApprove && (
        <Tooltip title={blocked}>
          <Popconfirm
            placement="bottomRight"
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
      {r.status === 'built' && canApprove && blocked && (
        // Said on the page, not only in a tooltip (a disabled button shows none on a phone).
        <Typography.Text type="secondary" data-testid="roll-approve-blocked">
          {blocked}
        </Typography.Text>
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
      {diff && <DiffModal result={diff} onClose={() => setDiff(null)} />}
    </Space>
  );
}

const CHANGE_COLORS: Record<RollChange['change'], string> = { added: 'success', removed: 'error', changed: 'warning' };

/** 刷新结果 The difference a refresh made, line by line: household, payee, kind, month, amount before and after. */
function DiffModal({ result, onClose }: { result: RefreshResult; onClose: () => void }) {
  const { t } = useTranslation();
  const amount = (s: RollChange['before']) =>
    s ? (
      <span>
        {yuan(s.amountFen)}
        {s.held && <Tag color="orange" style={{ marginLeft: 4 }}>{t('payroll.hold.no_account')}</Tag>}
      </span>
    ) : (
      '—'
    );
  const columns: TableProps<RollChange>['columns'] = [
    { title: t('payroll.col.change'), key: 'change', render: (_, d) => <Tag color={CHANGE_COLORS[d.change]} data-testid="diff-change" data-change={d.change}>{t(`payroll.change.${d.change}`)}</Tag> },
    { title: t('payroll.col.household'), dataIndex: 'householdId' },
    { title: t('payroll.col.payee'), dataIndex: 'payeeName' },
    { title: t('payroll.col.kind'), key: 'kind', render: (_, d) => <KindTag kind={d.kind} /> },
    { title: t('payroll.col.benefitMonth'), dataIndex: 'benefitMonth' },
    { title: t('payroll.col.before'), key: 'before', align: 'right', render: (_, d) => amount(d.before) },
    { title: t('payroll.col.after'), key: 'after', align: 'right', render: (_, d) => amount(d.after) },
  ];
  return (
    <Modal open title={t('payroll.diff.title')} onCancel={onClose} onOk={onClose} cancelButtonProps={{ style: { display: 'none' } }} width={900}>
      <div data-testid="refresh-diff">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('payroll.diff.summary', { ...result.counts, before: yuan(result.totalsBefore.totalFen), after: yuan(result.roll.totals.totalFen) })}
          description={result.truncated ? t('payroll.diff.truncated', { count: result.items.length }) : undefined}
        />
        <Table<RollChange>
          size="small"
          rowKey={(d) => `${d.change}/${d.kind}/${d.householdId}/${d.benefitMonth}/${d.before?.amountFen}/${d.after?.amountFen}`}
          columns={columns}
          dataSource={result.items}
          pagination={result.items.length > 20 ? { pageSize: 20 } : false}
          data-testid="diff-table"
        />
      </div>
    </Modal>
  );
}
