import { Card, Segmented, Table, type TableProps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COMPARISON_MEASURES, type ComparisonMeasure, type ComparisonView, type CountyComparison } from '#contracts/report-workflow.ts';
import { MeasureChart, TrendChart } from './report-charts.tsx';
import { measureText } from './report-model.ts';

/**
 * 县区比较 The comparison of the counties: the five measures with each county's rank, a chart of the measure chosen,
 * and its trend over the submitted quarters. Used by the city's comparison page and by the bulletin (frozen there).
 */
export function ComparisonSection({ comparison: c, title }: { comparison: ComparisonView; title?: string }) {
  const { t } = useTranslation();
  const [measure, setMeasure] = useState<ComparisonMeasure>('coverage');
  const label = (m: ComparisonMeasure) => t(`reports.comparison.measures.${m}`);
  const columns: TableProps<CountyComparison>['columns'] = [
    { title: t('reports.comparison.col.county'), dataIndex: 'countyName', key: 'c', fixed: 'left', width: 96 },
    {
      title: t('reports.comparison.col.source'),
      key: 's',
      responsive: ['md'],
      render: (_, r) => <Tag color={r.source === 'snapshot' ? 'green' : 'default'}>{t(`reports.source.${r.source}`)}</Tag>,
    },
    { title: t('reports.comparison.col.onTime'), key: 'o', responsive: ['lg'], render: (_, r) => (r.onTime === null ? '—' : r.onTime ? t('reports.list.yes') : t('reports.list.no')) },
    { title: t('reports.comparison.col.persons'), dataIndex: 'persons', key: 'p', align: 'right', responsive: ['md'] },
    ...COMPARISON_MEASURES.map((m) => ({
      title: label(m),
      key: m,
      align: 'right' as const,
      render: (_: unknown, r: CountyComparison) => (
        <span data-testid={`cmp-${r.county}-${m}`} data-value={r[m].value ?? ''}>
          {measureText(m, r[m].value)}
          {r.ranks[m] !== null && <Typography.Text type="secondary"> （{t('reports.comparison.rank')} {r.ranks[m]}）</Typography.Text>}
        </span>
      ),
    })),
  ];
  return (
    <Card title={title ?? t('reports.comparison.title')} style={{ marginTop: 16 }} data-testid="comparison-section">
      <Table<CountyComparison> size="small" pagination={false} rowKey="county" scroll={{ x: 900 }} dataSource={c.counties} columns={columns} data-testid="comparison-table" />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('reports.comparison.denominatorHint')}
      </Typography.Paragraph>
      <div style={{ overflowX: 'auto', marginBottom: 8 }}>
        <Segmented<ComparisonMeasure> value={measure} onChange={setMeasure} options={COMPARISON_MEASURES.map((m) => ({ value: m, label: label(m) }))} data-testid="comparison-measure" />
      </div>
      <Typography.Title level={5}>{t('reports.comparison.chart', { measure: label(measure) })}</Typography.Title>
      <MeasureChart counties={c.counties} measure={measure} axisName={measure === 'spendingPerHead' ? '元' : '%'} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('reports.comparison.trend')}
      </Typography.Title>
      {c.trends.every((x) => x.points.length === 0) ? (
        <Typography.Text type="secondary">{t('reports.comparison.trendEmpty')}</Typography.Text>
      ) : (
        <TrendChart trends={c.trends} measure={measure} axisName={measure === 'spendingPerHead' ? '元' : '%'} />
      )}
    </Card>
  );
}
