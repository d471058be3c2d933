import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '#contracts/cases.ts';
import { ExplanationTrace, ReasonLines } from '../../../components/amount-explanation.tsx';

/** The decision: outcome, the amount the engine gave, who decided, and the engine's reasons and trace step by step (frozen at the decision, explained by the server's one presenter). */
export function DecisionCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const d = detail.decision;
  if (!d) return null;
  const det = d.explanation;
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
          <Typography.Text type="secondary">{detail.temporary ? t('temporary.oneOff') : t('cases.decision.perMonth')}</Typography.Text>
        </Space>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'by', label: t('cases.decision.decider'), children: <span data-testid="decision-decider">{d.deciderName}</span> },
          { key: 'on', label: t('cases.decision.decidedOn'), children: d.decidedOn },
          ...(d.benefitFrom && !detail.temporary ? [{ key: 'from', label: t('cases.decision.benefitFrom'), children: d.benefitFrom }] : []),
          ...(d.outcome === 'refused' ? [{ key: 'r', label: t('cases.decision.reasons'), children: d.reasons.join('；') }] : []),
        ]}
      />
      {detail.enrollment && (
        <Typography.Paragraph data-testid="enrollment">
          {t('cases.decision.enrollment', { start: detail.enrollment.startMonth, amount: detail.enrollment.monthlyAmountYuan })}
        </Typography.Paragraph>
      )}
      {det && (
        <div data-testid="decision-explanation">
          <Typography.Title level={5} style={{ marginTop: 8 }}>
            {t('cases.decision.engineReasons')}
          </Typography.Title>
          <div data-testid="decision-reasons">
            <ReasonLines reasons={det.reasons} />
          </div>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('explanation.trace')}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
              {t('cases.decision.traceHint')}
            </Typography.Text>
          </Typography.Title>
          <ExplanationTrace trace={det.trace} testId="decision-trace" rowTestId="decision-step" />
        </div>
      )}
    </Card>
  );
}
