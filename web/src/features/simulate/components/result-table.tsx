import { Table, type TableProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SimulationCounty, SimulationFigures, SimulationResult } from '#contracts/simulate.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { useBilingual } from '../../../lib/i18n.ts';
import { signedCount, signedYuan } from './simulation-form-model.ts';

type Row = Pick<SimulationCounty, 'baseline' | 'scenario' | 'delta' | 'dibaoChanged'>;
type Pick3 = (f: SimulationFigures) => number;

/** A change, coloured by direction: more recipients or cost in blue, fewer in orange (neither is "good" here). */
function Delta({ n, text, testId }: { n: number; text: string; testId?: string }) {
  return (
    <Typography.Text strong={n !== 0} style={{ color: n > 0 ? '#1668dc' : n < 0 ? '#d46b08' : undefined }} data-testid={testId}>
      {text}
    </Typography.Text>
  );
}

/** 各县区测算结果 Per county: current, changed and the difference, for dibao households, persons and cost, and tekun. */
export function ResultTable({ result }: { result: SimulationResult }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const count = (n: number) => n.toLocaleString('en-US');

  const triple = (key: string, pick: Pick3, money: boolean): NonNullable<TableProps<Row>['columns']>[number] => ({
    title: t(`simulate.col.${key}`),
    children: [
      { title: t('simulate.col.baseline'), key: `${key}-b`, align: 'right', render: (_, r) => (money ? formatYuanGrouped(pick(r.baseline)) : count(pick(r.baseline))) },
      { title: t('simulate.col.scenario'), key: `${key}-s`, align: 'right', render: (_, r) => (money ? formatYuanGrouped(pick(r.scenario)) : count(pick(r.scenario))) },
      {
        title: t('simulate.col.delta'),
        key: `${key}-d`,
        align: 'right',
        render: (_, r) => {
          const n = pick(r.delta);
          const county = 'county' in r ? (r as SimulationCounty).county : 'total';
          return <Delta n={n} text={money ? signedYuan(n) : signedCount(n)} testId={`delta-${key}-${county}`} />;
        },
      },
    ],
  });

  const columns: TableProps<Row>['columns'] = [
    {
      title: t('simulate.col.county'),
      key: 'county',
      fixed: 'left',
      width: 130,
      render: (_, r) =>
        'county' in r ? (
          <span>
            {bilingual((r as SimulationCounty).name)}
            <br />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {(r as SimulationCounty).county}
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text strong>{t('simulate.col.total')}</Typography.Text>
        ),
    },
    triple('households', (f) => f.households, false),
    triple('persons', (f) => f.persons, false),
    triple('monthly', (f) => f.monthlyFen, true),
    {
      title: t('simulate.col.changed'),
      key: 'changed',
      align: 'right',
      render: (_, r) => `+${count(r.dibaoChanged.gained)} / -${count(r.dibaoChanged.lost)}`,
    },
    triple('tekunPersons', (f) => f.tekun.persons, false),
    triple('tekunMonthly', (f) => f.tekun.monthlyFen, true),
  ];

  return (
    <Table<Row>
      rowKey={(r) => ('county' in r ? (r as SimulationCounty).county : 'total')}
      columns={columns}
      dataSource={result.counties}
      pagination={false}
      size="small"
      bordered
      scroll={{ x: 'max-content' }}
      data-testid="simulate-table"
      summary={() => (
        <Table.Summary fixed>
          <Table.Summary.Row data-testid="simulate-total">
            {/* The total row renders through the same columns as a county row, so the two can never disagree in form. */}
            {columns.flatMap((c) => ('children' in c && c.children ? c.children : [c])).map((c, i) => (
              <Table.Summary.Cell key={String(c.key)} index={i} align={c.align}>
                {(c as { render: (v: unknown, r: Row, i: number) => ReactNode }).render(undefined, result.total, 0)}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
