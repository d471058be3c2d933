import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, List, Space, Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** The policy engine's determination as frozen into the decision (its own shape: codes, not presented labels). */
interface FrozenParam {
  name: string;
  value: unknown;
  effectiveFrom: string;
  citation: string;
  area: string;
  source?: string;
  illustrative?: boolean;
}
interface FrozenStep {
  step: string;
  value: string;
  formula?: string;
  params: FrozenParam[];
}
interface FrozenDetermination {
  month: string;
  eligible: boolean;
  amount: { yuan: string; per: string };
  reasons: { code: string; message: { zh: string; en: string }; citation: string }[];
  trace: FrozenStep[];
}

function isDetermination(x: unknown): x is FrozenDetermination {
  const d = x as FrozenDetermination | null;
  return !!d && Array.isArray(d.trace) && Array.isArray(d.reasons) && typeof d.amount?.yuan === 'string';
}

/** The decision: outcome, the amount the engine gave, who decided, and the engine's reasons and trace step by step. */
export function DecisionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const d = detail.decision;
  if (!d) return null;
  const det = isDetermination(d.determination) ? d.determination : null;
  const columns: TableProps<FrozenStep & { n: number }>['columns'] = [
    { title: '#', dataIndex: 'n', width: 48, align: 'right' },
    { title: t('cases.decision.step'), dataIndex: 'step', width: '28%', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
    {
      title: t('cases.decision.value'),
      key: 'value',
      width: '22%',
      render: (_, s) => (
        <div>
          <Typography.Text strong style={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="decision-trace-value">
            {s.value}
          </Typography.Text>
          {s.formula && <div style={{ fontSize: 12, color: '#6b7685' }}>{s.formula}</div>}
        </div>
      ),
    },
    {
      title: t('cases.decision.params'),
      key: 'params',
      render: (_, s) =>
        s.params.length === 0
          ? '—'
          : s.params.map((p) => (
              <div key={`${p.name}|${p.effectiveFrom}|${p.area}`} style={{ marginBottom: 4 }}>
                <Typography.Text code>{p.name}</Typography.Text> = <strong>{Array.isArray(p.value) ? p.value.join('、') : String(p.value)}</strong>
                <div style={{ fontSize: 12, color: '#6b7685' }}>
                  {t('cases.decision.paramMeta', { date: p.effectiveFrom, area: p.area })} · {p.citation}
                </div>
              </div>
            )),
    },
  ];
  return (
    <Card
      title={t('cases.decision.title')}
      className="section-card"
      data-testid="decision-card"
      extra={
        d.outcome === 'approved' ? (
          <Tag color="success" icon={<CheckCircleFilled />}>
            {t('cases.decision.approved')}
          </Tag>
        ) : (
          <Tag color="error" icon={<CloseCircleFilled />}>
            {t('cases.decision.refused')}
          </Tag>
        )
      }
    >
      {d.outcome === 'approved' && (
        <Space align="baseline" size={8} style={{ marginBottom: 12 }}>
          <span style={{ fontSize: 32, fontWeight: 600 }} data-testid="decision-amount">
            {d.amountYuan}
          </span>
          <Typography.Text type="secondary">{t('cases.decision.perMonth')}</Typography.Text>
        </Space>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'by', label: t('cases.decision.decider'), children: <span data-testid="decision-decider">{d.deciderName}</span> },
          { key: 'on', label: t('cases.decision.decidedOn'), children: d.decidedOn },
          ...(d.benefitFrom ? [{ key: 'from', label: t('cases.decision.benefitFrom'), children: d.benefitFrom }] : []),
          ...(d.outcome === 'refused' ? [{ key: 'r', label: t('cases.decision.reasons'), children: d.reasons.join('；') }] : []),
        ]}
      />
      {detail.enrollment && (
        <Typography.Paragraph data-testid="enrollment">
          {t('cases.decision.enrollment', { start: detail.enrollment.startMonth, amount: detail.enrollment.monthlyAmountYuan })}
        </Typography.Paragraph>
      )}
      {det && (
        <>
          <List
            size="small"
            header={<Typography.Text strong>{t('cases.decision.engineReasons')}</Typography.Text>}
            dataSource={det.reasons}
            renderItem={(r) => (
              <List.Item>
                {bilingual(r.message)} <Tag>{r.code}</Tag> <Typography.Text type="secondary">{r.citation}</Typography.Text>
              </List.Item>
            )}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('cases.decision.trace')} <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>{t('cases.decision.traceHint')}</Typography.Text>
          </Typography.Title>
          <Table
            rowKey="n"
            size="small"
            columns={columns}
            dataSource={det.trace.map((s, i) => ({ ...s, n: i + 1 }))}
            pagination={false}
            data-testid="decision-trace"
            onRow={(s) => ({ 'data-testid': `decision-step-${s.step}` }) as object}
          />
        </>
      )}
    </Card>
  );
}
