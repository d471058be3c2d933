import { Select, Switch, Table, type TableProps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LINE_KIND_VALUES, type LineKind, type LineView, type RollView } from '#contracts/payroll.ts';
import { ErrorResult } from '../../../components/error-result.tsx';
import { ExportButton } from '../../../components/export-button.tsx';
import { useLines } from '../api/list-lines.ts';
import { GradualExitTag, KindTag, yuan } from './payroll-ui.tsx';

/**
 * The roll's lines, a server-side page at a time, by kind, gradual exit, or held (暂缓发放: the payments without a bank
 * account, with the village and township to fix them in); accounts masked (full ones only in the bank file).
 */
export function RollLines({ roll }: { roll: RollView }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<LineKind | undefined>();
  const [gradual, setGradual] = useState(false);
  const [held, setHeld] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const q = useLines(roll.county, roll.id, { kind, gradualExit: gradual ? 'true' : undefined, held: held ? 'true' : undefined, ...page });
  const columns: TableProps<LineView>['columns'] = [
    { title: t('payroll.col.seq'), dataIndex: 'seq', width: 80 },
    {
      title: t('payroll.col.kind'),
      key: 'kind',
      render: (_, l) => (
        <span>
          <KindTag kind={l.kind} />
          {l.gradualExit && <GradualExitTag />}
        </span>
      ),
    },
    roll.program === 'temporary'
      ? {
          title: t('payroll.col.stage'),
          key: 'stage',
          render: (_, l) =>
            l.stage ? (
              <Link to={`/cases/${roll.county}/${l.stage.caseId}`} data-testid={`line-stage-${l.stage.caseId}-${l.stage.n}`}>
                {t('temporary.card.stageN', { n: l.stage.n })}
              </Link>
            ) : null,
        }
      : { title: t('payroll.col.benefitMonth'), dataIndex: 'benefitMonth', width: 110 },
    { title: t('payroll.col.payee'), dataIndex: 'payeeName' },
    { title: t('payroll.col.area'), key: 'area', render: (_, l) => l.areaName ?? l.areaCode },
    { title: t('payroll.col.persons'), dataIndex: 'persons', align: 'right', width: 80 },
    {
      title: t('payroll.col.account'),
      key: 'account',
      // The bank's name may wrap; the number never breaks in the middle.
      render: (_, l) => (
        <span>
          {l.bankName ?? ''} <span className="mono nowrap">{l.bankAccount ?? '—'}</span>
        </span>
      ),
    },
    { title: t('payroll.col.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => <span className={f < 0 ? 'amount-negative' : undefined}>{yuan(f)}</span> },
    {
      title: t('payroll.col.lineStatus'),
      key: 'bank',
      render: (_, l) =>
        l.holdReason ? (
          <Tag color="orange" data-testid="line-held">
            {t(`payroll.hold.${l.holdReason}`)}
          </Tag>
        ) : l.bankStatus ? (
          <Tag color={l.bankStatus === 'paid' ? 'success' : 'error'}>
            {t(`payroll.bankStatus.${l.bankStatus}`)}
            {l.bankReason ? `：${l.bankReason}` : ''}
          </Tag>
        ) : null,
    },
  ];
  return (
    <>
      <div className="filter-bar" style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('payroll.filterKind')}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={LINE_KIND_VALUES.map((k) => ({ value: k, label: t(`payroll.kinds.${k}`) }))}
          style={{ width: 160 }}
          data-testid="lines-kind"
        />
        <span>
          <Switch
            checked={gradual}
            onChange={(v) => {
              setGradual(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            data-testid="lines-gradual"
          />{' '}
          {t('payroll.onlyGradualExit')}
        </span>
        <span>
          <Switch
            checked={held}
            onChange={(v) => {
              setHeld(v);
              setPage((p) => ({ ...p, page: 1 }));
            }}
            data-testid="lines-held"
          />{' '}
          {t('payroll.onlyHeld')}
          {roll.totals.held > 0 ? `（${roll.totals.held}）` : ''}
        </span>
        <ExportButton
          kind="roll-lines"
          filters={{ county: roll.county, roll: roll.id, kind, gradualExit: gradual ? 'true' : undefined, held: held ? 'true' : undefined }}
          testId="export-roll-lines"
        />
      </div>
      {q.isError ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<LineView>
          size="small"
          rowKey={(l) => String(l.seq)}
          columns={columns}
          dataSource={q.data?.items}
          loading={q.isFetching}
          data-testid="lines-table"
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: q.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (total) => t('payroll.linesTotal', { count: total }),
            onChange: (p, pageSize) => setPage({ page: pageSize !== page.pageSize ? 1 : p, pageSize }),
          }}
        />
      )}
    </>
  );
}
