import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { SeasonTownshipFigures } from '#contracts/heating.ts';
import { categoryLabels, useChart } from '../../../lib/chart.ts';
import { chartBars } from './season-model.ts';

// Only the parts drawn here (as the dual-inclusion chart does): the full `echarts` bundle is several times larger.
use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const yuanText = (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 各乡镇取暖救助金额 The season's cost per township (yuan) as bars, the largest first. */
export function CostChart({ townships, axisName }: { townships: SeasonTownshipFigures[]; axisName: string }) {
  const ref = useChart((el): Option => {
    const s = chartBars(townships);
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? yuanText(v) : '—') },
      xAxis: { type: 'category', data: s.names, axisLabel: categoryLabels(el, s.names.length) },
      yAxis: { type: 'value', name: axisName, min: 0 },
      series: [
        {
          type: 'bar',
          data: s.yuan,
          itemStyle: { color: '#d4380d' },
          barMaxWidth: 56,
          label: { show: s.names.length <= 12, position: 'top', formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? yuanText(p.value) : '') },
        },
      ],
    };
  }, [townships, axisName]);
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="heating-chart" data-bars={townships.length} />;
}
