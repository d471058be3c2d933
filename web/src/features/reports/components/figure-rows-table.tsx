import { Button, Table, type TableProps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FigureRow } from '#contracts/report-drill.ts';
import { formatYuanGrouped } from '#kernel/money.ts';
import { useBilingual } from '../../../lib/i18n.ts';

/** Which columns a list of records behind a figure shows, and what its day and its name column mean (locale keys). */
export interface RowColumns {
  persons: boolean;
  registeredPoor: boolean;
  amount: boolean;
  /** The day's column title (a locale key), or null for no day. */
  dateLabel: string | null;
  /** The name column's title (a locale key): the head of household, or a person's name. */
  nameLabel?: string;
}

/**
 * The records behind a figure (the quarterly report's or the dashboard's): the household (linked to its registry page),
 * the village, the columns its kind has, the kind in words, and a link to the case or roll; pages load on asking.
 */
export function FigureRowsTable({ rows, columns: show, total, hasMore, loadingMore, onMore }: { rows: FigureRow[]; columns: RowColumns; total: number; hasMore: boolean; loadingMore: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  const bilingual = useBilingual();
  const countyOf = (r: FigureRow) => r.areaCode.slice(0, 6);
  const cols: TableProps<FigureRow>['columns'] = [
    {
      title: t(show.nameLabel ?? 'reports.rowsPage.col.household'),
      key: 'household',
      fixed: 'left',
      render: (_, r) => (r.householdId ? <Link to={`/registry/${countyOf(r)}/${r.householdId}`}>{r.headName ?? r.householdId}</Link> : (r.headName ?? '—')),
    },
    { title: t('reports.rowsPage.col.area'), dataIndex: 'areaName', key: 'area' },
  ];
  if (show.persons) cols.push({ title: t('reports.rowsPage.col.persons'), dataIndex: 'persons', key: 'persons', align: 'right' });
  if (show.registeredPoor) cols.push({ title: t('reports.rowsPage.col.registeredPoor'), key: 'rp', render: (_, r) => (r.registeredPoor ? <Tag color="orange">{t('reports.rowsPage.registeredPoor')}</Tag> : null) });
  if (show.amount) cols.push({ title: t('reports.rowsPage.col.amount'), key: 'amount', align: 'right', render: (_, r) => (r.amountFen === null ? '—' : formatYuanGrouped(r.amountFen)) });
  if (show.dateLabel) cols.push({ title: t(show.dateLabel), dataIndex: 'date', key: 'date' });
  cols.push({ title: t('reports.rowsPage.col.detail'), key: 'detail', render: (_, r) => (r.detailLabel ? bilingual(r.detailLabel) : '') });
  cols.push({
    title: t('reports.rowsPage.col.open'),
    key: 'open',
    render: (_, r) =>
      r.caseId ? (
        <Link to={`/cases/${countyOf(r)}/${r.caseId}`}>{t('reports.rowsPage.case')}</Link>
      ) : r.rollId ? (
        <Link to={`/payroll/${countyOf(r)}/${r.rollId}`}>{t('reports.rowsPage.roll')}</Link>
      ) : null,
  });
  return (
    <>
      <Table<FigureRow> size="small" rowKey="key" pagination={false} scroll={{ x: 'max-content' }} dataSource={rows} columns={cols} locale={{ emptyText: t('reports.rowsPage.empty') }} data-testid="figure-rows" />
      {hasMore && (
        <div style={{ textAlign: 'center', padding: 12 }}>
          <Button onClick={onMore} loading={loadingMore} data-testid="figure-rows-more">
            {t('reports.rowsPage.more', { shown: rows.length, total })}
          </Button>
        </div>
      )}
    </>
  );
}
