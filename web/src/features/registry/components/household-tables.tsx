import { EditOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Grid, Space, Table, type TableProps, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HouseholdDetail, PersonView } from '#contracts/registry.ts';
import { ageOn, chinaDateOf, type PlainDate } from '#kernel/plain-date.ts';
import { yuanText, yuanTotal } from '../../../lib/format.ts';
import { RevealableValue } from './revealable-value.tsx';

export function MembersTable(props: { detail: HouseholdDetail; canWrite: boolean; onEdit: (p: PersonView) => void; onMove: (p: PersonView) => void }) {
  const { t } = useTranslation();
  const today = chinaDateOf(new Date());
  // Name and actions stay pinned while the table scrolls sideways, except on a phone: pinned, they would fill its whole
  // width and leave none for the columns between them (the ID numbers among them).
  const pin = Grid.useBreakpoint().md === true;
  const columns: TableProps<PersonView>['columns'] = [
    { title: t('form.name'), dataIndex: 'name', fixed: pin ? 'left' : undefined, width: 110, render: (n: string) => <span className="cell-name">{n}</span> },
    { title: t('form.relation'), dataIndex: 'relation', width: 100, render: (r: string) => t(`registry.relation.${r}`) },
    {
      title: t('form.idNumber'),
      dataIndex: 'idNumber',
      width: 230,
      render: (s: string, p) => (
        // Keyed by the member's version: a number revealed, then changed, is not shown in full any longer.
        <RevealableValue
          key={`${p.id}:${p.version}`}
          county={props.detail.countyCode}
          householdId={props.detail.id}
          field={{ field: 'idNumber', personId: p.id }}
          masked={s}
          testId={`member-id-${p.id}`}
        />
      ),
    },
    { title: t('form.sex'), dataIndex: 'sex', width: 60, render: (s: string) => t(`registry.sex.${s}`) },
    {
      title: `${t('form.birthDate')}（${t('form.age')}）`,
      dataIndex: 'birthDate',
      width: 150,
      render: (d: string) => `${d}（${ageOn(d as PlainDate, today)}）`,
    },
    {
      title: t('form.disabilityKind'),
      key: 'disability',
      width: 150,
      render: (_, p) =>
        p.disabilityKind
          ? t('detail.disabilityText', {
              kind: t(`registry.disability.${p.disabilityKind}`),
              grade: p.disabilityGrade ? t(`registry.grade.${p.disabilityGrade}`) : '',
            })
          : '—',
    },
    { title: t('form.laborCapacity'), dataIndex: 'laborCapacity', width: 140, render: (l: string) => t(`registry.labor.${l}`) },
    {
      title: t('form.selfCareFailed'),
      dataIndex: 'selfCareFailed',
      width: 120,
      render: (items: string[]) =>
        items.length === 0 ? (
          '—'
        ) : (
          <Tooltip title={items.map((i) => t(`registry.selfCare.${i}`)).join('、')}>
            <Tag color="orange">{t('detail.selfCareCount', { count: items.length })}</Tag>
          </Tooltip>
        ),
    },
    {
      title: t('form.supporterStatus'),
      dataIndex: 'supporterStatus',
      width: 170,
      render: (s: string) => t(`registry.supporter.${s}`),
    },
    {
      title: t('registry.col.tags'),
      key: 'flags',
      width: 170,
      render: (_, p) => (
        <>
          {p.seriousIllness && <Tag color="red">{t('form.seriousIllness')}</Tag>}
          {p.inSchool && <Tag color="blue">{t('form.inSchool')}</Tag>}
        </>
      ),
    },
  ];
  if (props.canWrite) {
    columns.push({
      title: t('registry.col.actions'),
      key: 'actions',
      fixed: pin ? 'right' : undefined,
      width: 150,
      render: (_, p) => (
        <Space size={4}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => props.onEdit(p)} data-testid={`member-edit-${p.id}`}>
            {t('common.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<SwapOutlined />}
            title={t('detail.moveMember')}
            onClick={() => props.onMove(p)}
            data-testid={`member-move-${p.id}`}
          >
            {t('detail.moveShort')}
          </Button>
        </Space>
      ),
    });
  }
  return (
    <Table<PersonView>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={props.detail.members}
      pagination={false}
      scroll={{ x: 1500 }}
      data-testid="member-table"
    />
  );
}

export function IncomesTable({ detail }: { detail: HouseholdDetail }) {
  const { t } = useTranslation();
  const names = new Map(detail.members.map((m) => [m.id, m.name]));
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={detail.incomes}
      data-testid="income-table"
      locale={{ emptyText: t('form.noIncomes') }}
      columns={[
        { title: t('form.incomeKind'), dataIndex: 'kind', render: (k: string) => t(`registry.income.${k}`) },
        {
          title: t('form.incomePerson'),
          dataIndex: 'personId',
          render: (id: string | null) => (id ? (names.get(id) ?? '—') : t('form.incomePersonNone')),
        },
        { title: t('form.annualYuan'), dataIndex: 'annualYuan', align: 'right', render: (s: string) => <span className="mono">{yuanText(s)}</span> },
        { title: t('form.note'), dataIndex: 'note', render: (s: string | null) => s ?? '' },
      ]}
      summary={() =>
        detail.incomes.length > 0 && (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              <strong>{t('detail.totalIncome')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <strong className="mono" data-testid="income-total">
                {yuanTotal(detail.incomes.map((i) => i.annualYuan))}
              </strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
          </Table.Summary.Row>
        )
      }
    />
  );
}

export function AssetsTable({ detail }: { detail: HouseholdDetail }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={detail.assets}
      data-testid="asset-table"
      locale={{ emptyText: t('form.noAssets') }}
      columns={[
        { title: t('form.assetKind'), dataIndex: 'kind', render: (k: string) => t(`registry.asset.${k}`) },
        { title: t('form.valueYuan'), dataIndex: 'valueYuan', align: 'right', render: (s: string) => <span className="mono">{yuanText(s)}</span> },
        { title: t('form.quantity'), dataIndex: 'quantity', align: 'right' },
        { title: t('form.note'), dataIndex: 'note', render: (s: string | null) => s ?? '' },
      ]}
    />
  );
}
