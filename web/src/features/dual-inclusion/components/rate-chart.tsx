import { BarChart } from 'echarts/charts';
import type { BarSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { AreaFigures } from '#contracts/dual-inclusion.ts';
import { canDrill, chartSeries } from './dual-inclusion-model.ts';

// Only the parts drawn here: the full `echarts` bundle is several times larger.
use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** The dual-inclusion rate of each sub-area as bars (percent); a click on a bar opens that area (drill-down). */
export function RateChart({ areas, axisName, onOpen }: { areas: AreaFigures[]; axisName: string; onOpen: (code: string) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest handler, read at the click: a new function each render does not redraw the chart.
  const opener = useRef(onOpen);
  opener.current = onOpen;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'canvas' });
    const s = chartSeries(areas);
    const option: Option = {
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
      xAxis: { type: 'category', data: s.names, axisLabel: { interval: 0, rotate: el.clientWidth / Math.max(s.names.length, 1) < 80 ? 40 : 0 } },
      yAxis: { type: 'value', name: axisName, min: 0, max: 100 },
      series: [
        {
          type: 'bar',
          data: s.values,
          itemStyle: { color: '#1677ff' },
          label: { show: s.names.length <= 15, position: 'top', formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? `${p.value.toFixed(1)}%` : '') },
          cursor: 'pointer',
        },
      ],
    };
    chart.setOption(option);
    chart.on('click', (p) => {
      const code = s.codes[p.dataIndex];
      if (code && canDrill(code)) opener.current(code);
    });
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [areas, axisName]);
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="dual-chart" />;
}
