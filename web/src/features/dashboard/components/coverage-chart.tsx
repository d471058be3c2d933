import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DashboardView } from '#contracts/dashboard.ts';
import { categoryLabels, useChart } from '../../../lib/chart.ts';
import { chartSeries } from './dashboard-model.ts';

// Only the parts drawn here (as the heating and dual-inclusion charts do): the full `echarts` bundle is several times larger.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** 各下级区划保障人数 Persons on dibao and on tekun per child division, stacked bars. */
export function CoverageChart({ view, labels }: { view: Pick<DashboardView, 'children'>; labels: { dibao: string; tekun: string; axis: string } }) {
  const ref = useChart((el): Option => {
    const s = chartSeries(view);
    return {
      animation: false,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: s.names, axisLabel: categoryLabels(el, s.names.length) },
      yAxis: { type: 'value', name: labels.axis, min: 0, minInterval: 1 },
      series: [
        { name: labels.dibao, type: 'bar', stack: 'persons', data: s.dibao, itemStyle: { color: '#d4380d' }, barMaxWidth: 48 },
        { name: labels.tekun, type: 'bar', stack: 'persons', data: s.tekun, itemStyle: { color: '#fa8c16' }, barMaxWidth: 48 },
      ],
    };
  }, [view, labels]);
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="dashboard-chart" data-bars={view.children.length} />;
}
