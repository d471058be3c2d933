import { BarChart, LineChart } from 'echarts/charts';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComparisonMeasure, ComparisonView, CountyComparison } from '#contracts/report-workflow.ts';
import { useChart } from '../../../lib/chart.ts';
import { measureBars } from './report-model.ts';

// Only the parts drawn here (as the heating and dual-inclusion charts do): the full `echarts` bundle is several times larger.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

/** 各县区指标 One measure of the counties as bars, best first (percent, or yuan per head). */
export function MeasureChart({ counties, measure, axisName }: { counties: CountyComparison[]; measure: ComparisonMeasure; axisName: string }) {
  const bars = measureBars(counties, measure);
  const ref = useChart(
    (): Option => ({
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: bars.names, axisLabel: { interval: 0, rotate: bars.names.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', name: axisName, min: 0 },
      series: [{ type: 'bar', data: bars.values, itemStyle: { color: '#1677ff' }, barMaxWidth: 48, label: { show: true, position: 'top' } }],
    }),
    [counties, measure, axisName],
  );
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="comparison-chart" data-bars={bars.names.length} />;
}

/** 趋势 Each county's measure over the quarters it submitted, one line per county. */
export function TrendChart({ trends, measure, axisName }: { trends: ComparisonView['trends']; measure: ComparisonMeasure; axisName: string }) {
  const quarters = [...new Set(trends.flatMap((t) => t.points.map((p) => p.quarter)))].sort();
  const scale = (v: number | null) => (v === null ? null : measure === 'spendingPerHead' ? Math.round(v) / 100 : Math.round(v * 1000) / 10);
  const ref = useChart(
    (): Option => ({
      animation: false,
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'category', data: quarters },
      yAxis: { type: 'value', name: axisName, min: 0 },
      series: trends
        .filter((t) => t.points.length > 0)
        .map((t) => ({ type: 'line' as const, name: t.countyName, connectNulls: true, data: quarters.map((q) => scale(t.points.find((p) => p.quarter === q)?.[measure] ?? null)) })),
    }),
    [trends, measure, axisName],
  );
  return <div ref={ref} style={{ width: '100%', height: 280 }} data-testid="trend-chart" data-quarters={quarters.length} />;
}
