import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeterminationView } from '#contracts/policy.ts';
import { ExplanationTrace, ReasonLines } from '../../../components/amount-explanation.tsx';
import { useBilingual } from '../../../lib/i18n.ts';

/**
 * The determination as a readable explanation: the decision and amount, the reasons with their clauses, and every
 * step of the trace by name, its value to the fen and the parameters it read (the server's one presenter).
 */
export function DeterminationResult({ d }: { d: DeterminationView }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
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
            ...d.details.map((x) => ({ key: `d-${x.key}`, label: bilingual(x.label), children: bilingual(x.shown) })),
          ]}
        />
      </Card>
      <Card title={t('explanation.reasons')}>
        <div data-testid="calc-reasons">
          <ReasonLines reasons={d.reasons} />
        </div>
      </Card>
      <Card title={t('explanation.trace')} extra={<Typography.Text type="secondary">{t('explanation.traceHint')}</Typography.Text>}>
        <ExplanationTrace trace={d.trace} testId="calc-trace" rowTestId="trace-step" />
      </Card>
    </Space>
  );
}
