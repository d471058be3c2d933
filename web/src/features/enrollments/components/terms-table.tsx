import { Table, type TableProps, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TermView } from '#contracts/enrollments.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** The engine's determination as frozen into a term (its own shape: codes and the trace). */
interface FrozenDetermination {
  month: string;
  amount: { yuan: string };
  trace: { step: string; value: string; formula?: string; params: { name: string; value: unknown; effectiveFrom: string; citation: string }[] }[];
}

const isDetermination = (x: unknown): x is FrozenDetermination => {
  const d = x as FrozenDetermination | null;
  return !!d && Array.isArray(d.trace) && typeof d.amount?.yuan === 'string';
};

export const STATUS_COLORS: Record<TermView['status'], string> = { active: 'success', gradual_exit: 'gold', suspended: 'orange', ended: 'default' };

export function TermStatusTag({ status }: { status: TermView['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`enrollments.status.${status}`)}
    </Tag>
  );
}

/** The engine's calculation behind a term, step by step, with the parameters read and their citations. */
function Trace({ d }: { d: FrozenDetermination }) {
  const { t } = useTranslation();
  return (
    <div data-testid="term-trace">
      <Typography.Text type="secondary">
        {t('enrollments.terms.month')}: {d.month} · ¥ {d.amount.yuan}
      </Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey={(s) => s.step}
        dataSource={d.trace}
        columns={[
          { title: t('enrollments.terms.trace'), dataIndex: 'step', width: '30%', render: (s: string) => <Typography.Text code>{s}</Typography.Text> },
          { title: t('enrollments.terms.traceValue'), dataIndex: 'value', width: '20%', render: (v: string) => <span className="mono">{v}</span> },
          {
            title: t('enrollments.terms.traceParams'),
            key: 'params',
            render: (_, s) =>
              s.params.length === 0
                ? '—'
                : s.params.map((p) => (
                    <div key={`${p.name}|${p.effectiveFrom}`}>
                      <Typography.Text code>{p.name}</Typography.Text> = <strong>{String(p.value)}</strong>
                      <div style={{ fontSize: 12, color: '#6b7685' }}>
                        {p.effectiveFrom} · {p.citation}
                      </div>
                    </div>
                  )),
          },
        ]}
      />
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
      dataIndex: 'reasons',
      render: (rs: string[]) => (rs.length === 0 ? '—' : rs.slice(0, 2).map((x) => <div key={x}>{x}</div>)),
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
        rowExpandable: (r) => isDetermination(r.determination) || r.reasons.length > 2,
        expandedRowRender: (r) => (
          <div>
            {r.reasons.slice(2).map((x) => (
              <div key={x}>{x}</div>
            ))}
            {isDetermination(r.determination) && <Trace d={r.determination} />}
          </div>
        ),
      }}
    />
  );
}
