import { Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExplainedParamView, ExplainedReasonView, ExplainedStepView } from '#contracts/policy.ts';
import { useBilingual } from '../lib/i18n.ts';

/**
 * The policy engine's explanation of an amount, as the server's one presenter gives it (src/rules/explain): the same
 * table in the calculator, on an enrollment term and on a decision card. Labels, values (to the fen; the exact value
 * in a tooltip), notes and citations come in both languages; this component picks the one the UI is in.
 */

/** One parameter a step read: what it is and its value, its date and area, and the document it rests on. */
function ParamLine({ p }: { p: ExplainedParamView }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <div style={{ marginBottom: 6 }} data-testid={`trace-param-${p.name}`} title={p.name}>
      <div>
        {bilingual(p.label)}
        {t('explanation.colon')}
        <Typography.Text strong>{bilingual(p.shown)}</Typography.Text>
        {p.illustrative && (
          <Tooltip title={t('explanation.demoHint')}>
            <Tag color="orange" style={{ marginLeft: 6 }} data-testid="trace-param-demo">
              {t('explanation.demo')}
            </Tag>
          </Tooltip>
        )}
        {p.source === 'override' && (
          <Tag color="blue" style={{ marginLeft: 6 }}>
            {t('explanation.override')}
          </Tag>
        )}
      </div>
      <div style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('explanation.paramMeta', { date: p.effectiveFrom, area: bilingual(p.areaName) })}</Typography.Text>
      </div>
      <div style={{ fontSize: 12 }} data-testid="trace-citation">
        <Typography.Text type="secondary">
          {t('explanation.citation')}
          {t('explanation.colon')}
        </Typography.Text>
        {bilingual(p.citation)}
      </div>
    </div>
  );
}

/** Every step of the calculation: its name and how it was computed, its value, the parameters it read. */
export function ExplanationTrace({ trace, testId, rowTestId }: { trace: ExplainedStepView[]; testId: string; rowTestId: string }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const columns: TableProps<ExplainedStepView & { n: number }>['columns'] = [
    { title: '#', dataIndex: 'n', width: 44, align: 'right' },
    {
      title: t('explanation.step'),
      key: 'step',
      width: '30%',
      render: (_, s) => (
        <div>
          <div style={{ fontWeight: 500 }} data-testid="trace-label">
            {bilingual(s.label)}
          </div>
          {s.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="trace-note">
              {bilingual(s.note)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('explanation.value'),
      key: 'value',
      width: '20%',
      render: (_, s) => {
        const shown = (
          <Typography.Text strong data-testid="trace-value">
            {bilingual(s.shown)}
          </Typography.Text>
        );
        return s.rounded ? (
          <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{t('explanation.exact', { value: s.value })}</span>}>{shown}</Tooltip>
        ) : (
          shown
        );
      },
    },
    {
      title: t('explanation.params'),
      key: 'params',
      render: (_, s) => (s.params.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : s.params.map((p) => <ParamLine key={`${p.name}|${p.area}|${p.effectiveFrom}`} p={p} />)),
    },
  ];
  return (
    <Table
      rowKey="n"
      size="small"
      columns={columns}
      dataSource={trace.map((s, i) => ({ ...s, n: i + 1 }))}
      pagination={false}
      data-testid={testId}
      onRow={(s) => ({ 'data-testid': `${rowTestId}-${s.step}`, 'data-rounded': String(s.rounded) }) as object}
    />
  );
}

/** The reasons: what the engine (or a person) said, and the clause it rests on. */
export function ReasonLines({ reasons }: { reasons: ExplainedReasonView[] }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  return (
    <>
      {reasons.map((r, i) => (
        <div key={i} style={{ marginBottom: 4 }} data-testid="reason-line" data-code={r.code ?? ''}>
          {bilingual(r.message)}
          {r.citation && (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {t('explanation.citation')}
                {t('explanation.colon')}
                {bilingual(r.citation)}
              </Typography.Text>
            </div>
          )}
        </div>
      ))}
    </>
  );
}
