import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import type { BarSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { SimulationCounty } from '#contracts/simulate.ts';
import { formatYuan } from '#kernel/money.ts';
import { categoryLabels, useChart } from '../../../lib/chart.ts';
import { signedYuan } from './simulation-form-model.ts';

// Only the parts drawn here: the full `echarts` bundle is several times larger.
use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface DeltaChartLabels {
  dibao: string;
  tekun: string;
}

/**
 * The change in monthly cost per county, dibao and tekun stacked, in yuan. Values are plotted as numbers (a chart
 * needs them) but every figure shown as text comes from the integer fen.
 */
export function DeltaChart({ counties, countyName, labels }: { counties: SimulationCounty[]; countyName: (c: SimulationCounty) => string; labels: DeltaChartLabels }) {
  const ref = useChart((el): Option => {
    const fenOf: Record<string, number[]> = {
      dibao: counties.map((c) => c.delta.monthlyFen),
      tekun: counties.map((c) => c.delta.tekun.monthlyFen),
    };
    return {
      animation: false,
      grid: { left: 16, right: 24, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (typeof v === 'number' ? formatYuan(Math.round(v * 100)) : String(v)),
      },
      // Every county named; slanted when the bars are too narrow for the names side by side.
      xAxis: { type: 'category', data: counties.map(countyName), axisLabel: categoryLabels(el, counties.length, 90, 30) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => v.toLocaleString('en-US') } },
      series: (['dibao', 'tekun'] as const).map((k) => ({
        name: labels[k],
        type: 'bar',
        stack: 'delta',
        data: fenOf[k].map((f) => f / 100),
        // Amounts inside the bars; one that would overlap another (a thin bar of the stack) is left to the tooltip.
        labelLayout: { hideOverlap: true },
        label: { show: counties.length <= 12, position: 'inside', formatter: (p: { dataIndex: number }) => (fenOf[k][p.dataIndex] === 0 ? '' : signedYuan(fenOf[k][p.dataIndex])) },
      })),
    };
  }, [counties, countyName, labels]);

  return <div ref={ref} style={{ width: '100%', height: 360 }} data-testid="simulate-chart" />;
}
