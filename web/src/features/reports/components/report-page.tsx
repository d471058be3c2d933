import { Alert, App, Button, Card, Descriptions, Form, Input, Popconfirm, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { APPROVAL_LEVELS, REPORT_PROGRAMS, type ReportProgram } from '#contracts/report.ts';
import type { CorrectionView, ReportView } from '#contracts/report-workflow.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { TEMPORARY_CATEGORIES, TEMPORARY_CATEGORY_LABELS } from '#kernel/temporary-category.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { NoPermission } from '../../../components/no-permission.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { isApiRequestError } from '../../../lib/api-client.ts';
import { useCan } from '../../../lib/auth.tsx';
import { chinaDateTime } from '../../../lib/format.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { reportPath, useReceiveReport, useReport, useSaveReportText, useSubmitReport } from '../api/reports.ts';
import { figureLink, isFenFigure, PROGRAM_FIGURE_ROWS } from './report-model.ts';
import { ExportButtons, ReportStatusTag, useQuarterName } from './report-ui.tsx';

const yuan = (fen: number) => formatYuanGrouped(fen);

/**
 * 季度报告 A county's report of a quarter: the figures by program (each linked to the list behind it), temporary and
 * heating aid, dual inclusion, screening and procedure; the county's text (drafted by the county administrator),
 * submitted by the county approver (the figures frozen; a reason when the previous quarter's figures changed, listed as
 * corrections); the city's receipt; the xlsx and PDF.
 */
export default function ReportPage() {
  const { t } = useTranslation();
  if (!useCan('reports.read')) return <NoPermission hint={t('reports.noPermission')} />;
  return <ReportScreen />;
}

function ReportScreen() {
  const { t } = useTranslation();
  const quarterName = useQuarterName();
  const { county = '', quarter = '' } = useParams();
  const q = useReport(county, quarter);
  if (q.isError) return <ErrorResult error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  if (!r) return <Card loading />;
  return (
    <>
      <PageHeader
        breadcrumb={<Link to="/reports/quarterly">{t('reports.list.title')}</Link>}
        title={
          <span data-testid="report-title">
            {t('reports.report.title', { county: r.countyName, quarter: quarterName(r.quarter) })} <ReportStatusTag status={r.status} />
          </span>
        }
        subtitle={
          <span data-testid="report-deadline">
            {t('reports.report.deadline', { due: r.deadline.due, days: r.deadline.workingDays })}
            {r.deadline.illustrative && <Tag style={{ marginLeft: 8 }}>{t('reports.report.demoValue')}</Tag>}
            {r.deadline.overdue && <Tag color="red">{t('reports.report.deadlineOverdue')}</Tag>}
          </span>
        }
        extra={<ExportButtons path={reportPath(r.county, r.quarter)} testPrefix="report-export" />}
      />
      <StateCard report={r} />
      <FiguresCard report={r} />
      <TemporaryCard report={r} />
      <OtherCard report={r} />
      {r.corrections.length > 0 && <CorrectionsCard report={r} />}
      <TextCard key={`${r.quarter}-${r.version}`} report={r} />
    </>
  );
}

function StateCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bilingual = useBilingual();
  const receive = useReceiveReport(r.county, r.quarter);
  const canReceive = useCan('reports.bulletin') && r.status === 'submitted' && !r.receivedAt;
  return (
    <Card data-testid="report-state">
      <Alert type={r.source === 'snapshot' ? 'success' : 'info'} showIcon message={t(r.source === 'snapshot' ? 'reports.report.frozenHint' : 'reports.report.computedHint')} style={{ marginBottom: 12 }} />
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        {r.submittedAt && (
          <Descriptions.Item label={t('reports.report.submittedBy')}>
            {r.submittedBy} · {chinaDateTime(r.submittedAt)}
          </Descriptions.Item>
        )}
        {r.status === 'submitted' && (
          <Descriptions.Item label={t('reports.report.receivedBy')}>
            <span data-testid="report-received">{r.receivedAt ? `${r.receivedBy} · ${chinaDateTime(r.receivedAt)}` : t('reports.report.notReceived')}</span>
            {canReceive && (
              <Button
                size="small"
                style={{ marginLeft: 8 }}
                loading={receive.isPending}
                data-testid="report-receive"
                onClick={() => receive.mutate({}, { onSuccess: () => message.success(t('reports.report.received')), onError: (e) => message.error(isApiRequestError(e) ? bilingual(e.messages) : String(e)) })}
              >
                {t('reports.report.receive')}
              </Button>
            )}
          </Descriptions.Item>
        )}
        {r.figuresDigest && (
          <Descriptions.Item label={t('reports.report.digest')} span={2}>
            <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="report-digest">
              {r.figuresDigest}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('reports.report.denominator', { count: r.registeredRuralPersons })}
      </Typography.Paragraph>
    </Card>
  );
}

function FigureCell({ value, figure, program, county, quarter }: { value: number | null | undefined; figure: string; program: string; county: string; quarter: string }) {
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <Link to={figureLink(program, figure, county, quarter)} data-testid={`fig-${program}-${figure}`} data-value={value}>
      {isFenFigure(figure) ? yuan(value) : value}
    </Link>
  );
}

function FiguresCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  type Row = { key: string; figure: (typeof PROGRAM_FIGURE_ROWS)[number] };
  const columns: TableProps<Row>['columns'] = [
    { title: t('reports.report.figure'), key: 'figure', fixed: 'left', width: 170, render: (_, row) => t(`reports.report.rows.${row.figure}`) },
    ...REPORT_PROGRAMS.map((p: ReportProgram) => ({
      title: t(`reports.report.programs.${p}`),
      key: p,
      align: 'right' as const,
      render: (_: unknown, row: Row) => <FigureCell value={r.figures.programs[p]?.[row.figure]} figure={row.figure} program={p} county={r.county} quarter={r.quarter} />,
    })),
  ];
  return (
    <Card title={t('reports.report.figures')} style={{ marginTop: 16 }} data-testid="report-figures">
      <Table<Row> size="small" pagination={false} scroll={{ x: 900 }} rowKey="key" columns={columns} dataSource={PROGRAM_FIGURE_ROWS.map((f) => ({ key: f, figure: f }))} />
    </Card>
  );
}

function TemporaryCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const tf = r.figures.temporary;
  const h = r.figures.heating;
  type Row = { key: string; label: string; cases: number | null; personTimes: number | null; fen: number | null; path: string };
  const rows: Row[] = [
    ...TEMPORARY_CATEGORIES.map((c) => ({ key: c, label: bilingual(TEMPORARY_CATEGORY_LABELS[c]), ...tf.byCategory[c], path: `byCategory.${c}` })),
    { key: 'total', label: t('reports.report.temporary.total'), cases: tf.cases, personTimes: tf.personTimes, fen: tf.fen, path: '' },
    ...APPROVAL_LEVELS.map((l) => ({ key: `level-${l}`, label: `${t('reports.report.temporary.level')}：${t(`reports.report.temporary.levels.${l}`)}`, ...tf.byApprovalLevel[l], path: `byApprovalLevel.${l}` })),
    { key: 'first', label: t('reports.report.temporary.assistFirst'), cases: tf.assistFirst.cases, personTimes: null, fen: tf.assistFirst.fen, path: 'assistFirst' },
  ];
  const cell = (row: Row, k: 'cases' | 'personTimes' | 'fen') => <FigureCell value={row[k]} figure={row.path ? `${row.path}.${k}` : k} program="temporary" county={r.county} quarter={r.quarter} />;
  return (
    <Card title={`${t('reports.report.temporary.title')} · ${t('reports.report.heating.title')}`} style={{ marginTop: 16 }} data-testid="report-temporary">
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { title: t('reports.report.temporary.category'), dataIndex: 'label', key: 'label' },
          { title: t('reports.report.temporary.cases'), key: 'cases', align: 'right', render: (_, row) => cell(row, 'cases') },
          { title: t('reports.report.temporary.personTimes'), key: 'pt', align: 'right', responsive: ['sm'], render: (_, row) => cell(row, 'personTimes') },
          { title: t('reports.report.temporary.fen'), key: 'fen', align: 'right', render: (_, row) => cell(row, 'fen') },
        ]}
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
        {(['central', 'dispersed'] as const).map((m) => (
          <Descriptions.Item key={m} label={t(`reports.report.heating.${m}`)}>
            <FigureCell value={h.byMode[m].households} figure={`byMode.${m}.households`} program="heating" county={r.county} quarter={r.quarter} /> 户 · <FigureCell value={h.byMode[m].fen} figure={`byMode.${m}.fen`} program="heating" county={r.county} quarter={r.quarter} /> 元
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('reports.report.heating.total')}>
          <FigureCell value={h.households} figure="households" program="heating" county={r.county} quarter={r.quarter} /> 户 · <FigureCell value={h.fen} figure="fen" program="heating" county={r.county} quarter={r.quarter} /> 元
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function OtherCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  const di = r.figures.dualInclusion;
  const sc = r.figures.screening;
  const p = r.figures.procedure;
  const na = <span data-testid="figure-unavailable">{t('reports.report.unavailable')}</span>;
  const item = (label: string, node: React.ReactNode) => (
    <Descriptions.Item key={label} label={t(`reports.report.other.${label}`)}>
      {node}
    </Descriptions.Item>
  );
  return (
    <Card title={t('reports.report.other.title')} style={{ marginTop: 16 }} data-testid="report-other">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        {item('diHouseholds', di.available ? <FigureCell value={di.registeredPoorHouseholds} figure="registeredPoorHouseholds" program="dualInclusion" county={r.county} quarter={r.quarter} /> : na)}
        {item('diCovered', di.available ? <FigureCell value={di.covered} figure="covered" program="dualInclusion" county={r.county} quarter={r.quarter} /> : na)}
        {item('diReferral', di.available ? <FigureCell value={di.referral} figure="referral" program="dualInclusion" county={r.county} quarter={r.quarter} /> : na)}
        {item('diDiscrepancies', di.available ? <FigureCell value={di.discrepancies} figure="discrepancies" program="dualInclusion" county={r.county} quarter={r.quarter} /> : na)}
        {item('scRows', sc.available ? <FigureCell value={sc.rows} figure="rows" program="screening" county={r.county} quarter={r.quarter} /> : na)}
        {item('scConcluded', sc.available ? <FigureCell value={sc.concluded} figure="concluded" program="screening" county={r.county} quarter={r.quarter} /> : na)}
        {(['casesDecided', 'decidedWithinDeadline', 'overdueCases', 'overdueReviews', 'spotChecksDone'] as const).map((k) => item(k, <FigureCell value={p[k]} figure={k} program="procedure" county={r.county} quarter={r.quarter} />))}
      </Descriptions>
    </Card>
  );
}

function CorrectionsCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  const quarterName = useQuarterName();
  const value = (c: CorrectionView, v: CorrectionView['was']) => (v === null ? '—' : typeof v === 'boolean' ? (v ? '✓' : '✗') : isFenFigure(c.figure) ? yuan(v) : String(v));
  const figureName = (c: CorrectionView) => {
    const last = c.figure.split('.').pop() ?? c.figure;
    const key = `reports.report.rows.${last}`;
    const named = t(key);
    return named === key ? t('reports.report.figure') : named;
  };
  const group = (p: string) => (REPORT_PROGRAMS as readonly string[]).includes(p) ? t(`reports.report.programs.${p}`) : t(`reports.report.other.title`);
  return (
    <Card title={t('reports.report.corrections.title', { quarter: quarterName(r.correctionsOf ?? '') })} style={{ marginTop: 16 }} data-testid="report-corrections">
      {r.status !== 'submitted' && <Alert type="warning" showIcon message={t('reports.report.corrections.pendingHint')} style={{ marginBottom: 12 }} />}
      <Table<CorrectionView>
        size="small"
        pagination={false}
        rowKey={(c) => `${c.program}.${c.figure}`}
        dataSource={r.corrections}
        columns={[
          { title: t('reports.report.corrections.group'), key: 'g', render: (_, c) => group(c.program) },
          { title: t('reports.report.corrections.figure'), key: 'f', render: (_, c) => <span data-testid={`correction-${c.program}-${c.figure}`}>{figureName(c)}</span> },
          { title: t('reports.report.corrections.was'), key: 'w', align: 'right', render: (_, c) => value(c, c.was) },
          { title: t('reports.report.corrections.now'), key: 'n', align: 'right', render: (_, c) => value(c, c.now) },
          { title: t('reports.report.corrections.reason'), key: 'r', responsive: ['md'], render: (_, c) => c.reason ?? '—' },
        ]}
      />
    </Card>
  );
}

function TextCard({ report: r }: { report: ReportView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bilingual = useBilingual();
  const [form] = Form.useForm<{ progress: string; problems: string; nextSteps: string; correctionReason?: string }>();
  const mayDraft = useCan('reports.draft');
  const maySubmit = useCan('reports.submit');
  const canDraft = mayDraft && r.status !== 'submitted';
  const canSubmit = maySubmit && r.status === 'draft';
  const save = useSaveReportText(r.county, r.quarter);
  const submit = useSubmitReport(r.county, r.quarter);
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => {
    const text = isApiRequestError(e) ? bilingual(e.messages) : String(e);
    if (isApiRequestError(e) && e.field && ['progress', 'problems', 'nextSteps', 'correctionReason'].includes(e.field)) form.setFields([{ name: e.field as 'progress', errors: [text] }]);
    else message.error(text);
  };
  const onSave = async () => {
    const v = await form.validateFields(['progress', 'problems', 'nextSteps']);
    save.mutate({ progress: v.progress ?? '', problems: v.problems ?? '', nextSteps: v.nextSteps ?? '', ...(r.status === 'draft' ? { version: r.version } : {}) }, { onSuccess: () => message.success(t('reports.report.text.saved')), onError: fail });
  };
  const onSubmit = async () => {
    setBusy(true);
    try {
      const v: { correctionReason?: string } = r.corrections.length > 0 ? await form.validateFields(['correctionReason']) : {};
      await submit.mutateAsync({ version: r.version, ...(v.correctionReason ? { correctionReason: v.correctionReason } : {}) });
      message.success(t('reports.report.submit.done'));
    } catch (e) {
      if (!(e && typeof e === 'object' && 'errorFields' in e)) fail(e);
    } finally {
      setBusy(false);
    }
  };
  if (!canDraft && !canSubmit) {
    return (
      <Card title={t('reports.report.text.title')} style={{ marginTop: 16 }} data-testid="report-text">
        {(['progress', 'problems', 'nextSteps'] as const).map((k) => (
          <div key={k} style={{ marginBottom: 12 }}>
            <Typography.Title level={5}>{t(`reports.report.text.${k}`)}</Typography.Title>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid={`report-text-${k}`}>
              {r.text[k] || t('reports.report.text.empty')}
            </Typography.Paragraph>
          </div>
        ))}
      </Card>
    );
  }
  return (
    <Card title={t('reports.report.text.title')} style={{ marginTop: 16 }} data-testid="report-text">
      <Form form={form} layout="vertical" initialValues={r.text}>
        <Form.Item name="progress" label={t('reports.report.text.progress')} rules={[{ required: true, whitespace: true, message: t('reports.report.text.progressRequired') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount disabled={!canDraft} data-testid="report-progress" />
        </Form.Item>
        <Form.Item name="problems" label={t('reports.report.text.problems')}>
          <Input.TextArea rows={3} maxLength={5000} disabled={!canDraft} data-testid="report-problems" />
        </Form.Item>
        <Form.Item name="nextSteps" label={t('reports.report.text.nextSteps')}>
          <Input.TextArea rows={3} maxLength={5000} disabled={!canDraft} data-testid="report-next-steps" />
        </Form.Item>
        {canSubmit && r.corrections.length > 0 && (
          <Form.Item name="correctionReason" label={t('reports.report.submit.reason')} extra={t('reports.report.submit.reasonHint')} rules={[{ required: true, whitespace: true, message: t('reports.report.submit.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="report-correction-reason" />
          </Form.Item>
        )}
      </Form>
      <Space wrap>
        {canDraft && (
          <Button onClick={() => void onSave()} loading={save.isPending} data-testid="report-save">
            {t('reports.report.text.save')}
          </Button>
        )}
        {canSubmit && (
          <Popconfirm title={t('reports.report.submit.confirm')} onConfirm={() => void onSubmit()} okButtonProps={{ 'data-testid': 'report-submit-confirm' } as Record<`data-${string}`, string>}>
            <Button type="primary" loading={busy} data-testid="report-submit">
              {t('reports.report.submit.button')}
            </Button>
          </Popconfirm>
        )}
        {canDraft && !maySubmit && <Typography.Text type="secondary">{t('reports.report.submit.onlyApprover')}</Typography.Text>}
      </Space>
    </Card>
  );
}
