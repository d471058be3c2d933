import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, List, Space, Table, type TableProps, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AreaView, DeterminationView, ParamUseView, TraceStepView } from '#contracts/policy.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** One parameter a step read: name and value, then its effective date, area and citation. */
function ParamUse({ p, areaName }: { p: ParamUseView; areaName: (code: string) => string }) {
  const { t } = useTranslation();
  return (
    <div style={{ marginBottom: 6 }} data-testid={`trace-param-${p.name}`}>
      <Space size={4} wrap>
        <Typography.Text code>{p.name}</Typography.Text>
        <span>=</span>
        <Typography.Text strong>{Array.isArray(p.value) ? p.value.join('、') : String(p.value)}</Typography.Text>
        {p.illustrative && (
          <Tooltip title={t('parameters.illustrativeHint')}>
            <Tag color="orange">{t('parameters.illustrative')}</Tag>
          </Tooltip>
        )}
        {p.source === 'override' && <Tag color="blue">{t('calculator.source.override')}</Tag>}
      </Space>
      <div style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('calculator.paramMeta', { date: p.effectiveFrom, area: areaName(p.area) })}</Typography.Text>
      </div>
      <div style={{ fontSize: 12 }}>
        <Typography.Text type="secondary">{t('calculator.citation')}：</Typography.Text>
        {p.citation}
      </div>
    </div>
  );
}

/**
 * The determination as a readable explanation: the decision and amount, the reasons with their clauses, and
 * every step of the trace with its name, unrounded value and the parameters it read.
 */
export function DeterminationResult({ d, counties, city }: { d: DeterminationView; counties: AreaView[]; city?: AreaView }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const areaName = (code: string) => {
    const a = [...counties, ...(city ? [city] : [])].find((x) => x.code === code);
    return a ? `${bilingual(a.name)} ${code}` : code;
  };

  const columns: TableProps<TraceStepView & { n: number }>['columns'] = [
    { title: '#', dataIndex: 'n', width: 48, align: 'right' },
    {
      title: t('calculator.step'),
      key: 'step',
      width: '30%',
      render: (_, s) => (
        <div>
          <div style={{ fontWeight: 500 }} data-testid="trace-label">
            {bilingual(s.label)}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.step}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('calculator.value'),
      key: 'value',
      width: '22%',
      render: (_, s) => (
        <div>
          <Typography.Text strong style={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="trace-value">
            {s.value}
          </Typography.Text>
          {s.formula && (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{s.formula}</Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('calculator.params'),
      key: 'params',
      render: (_, s) => (s.params.length === 0 ? <Typography.Text type="secondary">—</Typography.Text> : s.params.map((p) => <ParamUse key={`${p.name}|${p.area}|${p.effectiveFrom}`} p={p} areaName={areaName} />)),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="calc-result">
      <Card title={t('calculator.result')}>
        <Space size={32} align="center" wrap>
          <span data-testid="calc-eligible" data-eligible={String(d.eligible)}>
            {d.eligible ? (
              <Tag color="success" icon={<CheckCircleFilled />} style={{ fontSize: 16, padding: '4px 12px' }}>
                {t('calculator.eligible')}
              </Tag>
            ) : (
              <Tag color="error" icon={<CloseCircleFilled />} style={{ fontSize: 16, padding: '4px 12px' }}>
                {t('calculator.notEligible')}
              </Tag>
            )}
          </span>
          <span>
            <span style={{ fontSize: 32, fontWeight: 600 }} data-testid="calc-amount">
              {d.amount.yuan}
            </span>{' '}
            <Typography.Text type="secondary">{t(`calculator.per.${d.amount.per}`)}</Typography.Text>
          </span>
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          style={{ marginTop: 16 }}
          items={[
            { key: 'p', label: t('calculator.program'), children: t(`calculator.programs.${d.program}`) },
            { key: 'm', label: t('calculator.month'), children: d.month },
            { key: 'c', label: t('calculator.county'), children: bilingual(d.county.name) },
            ...(d.approvalLevel ? [{ key: 'a', label: t('calculator.approvalLevel'), children: <span data-testid="calc-approval">{t(`calculator.levels.${d.approvalLevel}`)}</span> }] : []),
            ...(d.details ? [{ key: 'd', label: t('calculator.details'), children: Object.entries(d.details).map(([k, v]) => `${k} = ${String(v)}`).join('；') }] : []),
          ]}
        />
      </Card>
      <Card title={t('calculator.reasons')}>
        <List
          dataSource={d.reasons}
          data-testid="calc-reasons"
          renderItem={(r) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <span>
                    {bilingual(r.message)} <Tag style={{ marginLeft: 8 }}>{r.code}</Tag>
                  </span>
                }
                description={`${t('calculator.citation')}：${r.citation}`}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('calculator.trace')} extra={<Typography.Text type="secondary">{t('calculator.traceHint')}</Typography.Text>}>
        <Table
          rowKey="n"
          size="small"
          columns={columns}
          dataSource={d.trace.map((s, i) => ({ ...s, n: i + 1 }))}
          pagination={false}
          data-testid="calc-trace"
          onRow={(s) => ({ 'data-testid': `trace-step-${s.step}` }) as object}
        />
      </Card>
    </Space>
  );
}
