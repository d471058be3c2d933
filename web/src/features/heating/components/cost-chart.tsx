import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { SeasonTownshipFigures } from '#contracts/heating.ts';
import { chartBars } from './season-model.ts';

// Only the parts drawn here (as the dual-inclusion chart does): the full `echarts` bundle is several times larger.
use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

const yuanText = (v: number) => v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** 各乡镇取暖救助金额 The season's cost per township (yuan) as bars, the largest first. */
export function CostChart({ townships, axisName }: { townships: SeasonTownshipFigures[]; axisName: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'canvas' });
    const s = chartBars(townships);
    const option: Option = {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? yuanText(v) : '—') },
      xAxis: { type: 'category', data: s.names, axisLabel: { interval: 0, rotate: el.clientWidth / Math.max(s.names.length, 1) < 80 ? 40 : 0 } },
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
    chart.setOption(option);
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [townships, axisName]);
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="heating-chart" data-bars={townships.length} />;
}
