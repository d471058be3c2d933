import { Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TermView } from '#contracts/enrollments.ts';
import type { DeterminationView } from '#contracts/policy.ts';
import { ExplanationTrace, ReasonLines } from '../../../components/amount-explanation.tsx';
import { useBilingual } from '../../../lib/i18n.ts';

export const STATUS_COLORS: Record<TermView['status'], string> = { active: 'success', gradual_exit: 'gold', suspended: 'orange', ended: 'default' };

export function TermStatusTag({ status }: { status: TermView['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`enrollments.status.${status}`)}
    </Tag>
  );
}

/** The engine's calculation behind a term, step by step, explained by the server's one presenter (src/rules/explain). */
function TermExplanation({ e }: { e: DeterminationView }) {
  const { t } = useTranslation();
  return (
    <div data-testid="term-explanation">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('explanation.month', { month: e.month })} · {t('enrollments.terms.explained', { amount: e.amount.yuan })}
      </Typography.Paragraph>
      <Typography.Text strong>{t('explanation.reasons')}</Typography.Text>
      <div data-testid="term-reasons" style={{ margin: '4px 0 12px' }}>
        <ReasonLines reasons={e.reasons} />
      </div>
      <Typography.Text strong>{t('explanation.trace')}</Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('explanation.traceHint')}
      </Typography.Text>
      <ExplanationTrace trace={e.trace} testId="term-trace" rowTestId="term-step" />
    </div>
  );
}

/** An enrollment's terms, oldest first: from which month, what status and amount, and why (reasons, decider, trace). */
export function TermsTable({ terms }: { terms: TermView[] }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const columns: TableProps<TermView>['columns'] = [
    { title: t('enrollments.terms.from'), dataIndex: 'fromMonth', width: 90, render: (m: string) => <span className="mono">{m}</span> },
    { title: t('enrollments.terms.status'), dataIndex: 'status', width: 100, render: (s: TermView['status']) => <TermStatusTag status={s} /> },
    { title: t('enrollments.terms.amount'), dataIndex: 'amountYuan', width: 110, align: 'right', render: (y: string) => <span className="mono">{y}</span> },
    { title: t('enrollments.terms.basis'), key: 'basis', width: 170, render: (_, r) => bilingual(r.basisLabel) },
    {
      title: t('enrollments.terms.reasons'),
      key: 'reasons',
      render: (_, r) => {
        // A term written by a decision stores no reasons of its own: the engine's stand for them.
        const lines = r.reasonLines.length > 0 ? r.reasonLines : (r.explanation?.reasons ?? []);
        return lines.length === 0 ? (
          '—'
        ) : (
          <div data-testid="term-reason-lines">
            {lines.slice(0, 2).map((x, i) => (
              <div key={i}>{bilingual(x.message)}</div>
            ))}
          </div>
        );
      },
    },
    { title: t('enrollments.terms.by'), dataIndex: 'actorName', width: 120 },
  ];
  return (
    <Table
      size="small"
      rowKey="fromMonth"
      pagination={false}
      dataSource={terms}
      columns={columns}
      data-testid="terms-table"
      expandable={{
        rowExpandable: (r) => r.explanation !== null || r.reasonLines.length > 2 || r.reasonLines.some((x) => x.citation !== null),
        expandedRowRender: (r) => {
          // The term's own reasons (written, or what a recalculation followed); the engine's come with its explanation.
          const own = r.explanation ? r.reasonLines.filter((x) => x.code === null) : r.reasonLines;
          return (
            <div>
              {own.length > 0 && (
                <div style={{ marginBottom: 12 }} data-testid="term-own-reasons">
                  <ReasonLines reasons={own} />
                </div>
              )}
              {r.explanation && <TermExplanation e={r.explanation} />}
            </div>
          );
        },
      }}
    />
  );
}
