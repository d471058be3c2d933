import { type EChartsCoreOption, init } from 'echarts/core';
import { type DependencyList, useEffect, useRef } from 'react';

/**
 * An ECharts chart in the returned element's box: drawn (canvas) from `option(el)` whenever `deps` change, resized with
 * the box and disposed when the component leaves. Each chart registers (`use`) only the parts it draws, beside it: the
 * full `echarts` bundle is several times larger.
 */
export function useChart(option: (el: HTMLDivElement) => EChartsCoreOption, deps: DependencyList) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = init(el, undefined, { renderer: 'canvas' });
    chart.setOption(option(el));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, deps);
  return ref;
}

/**
 * A category axis's labels, every one shown: slanted by `angle` degrees when the box leaves a bar less than `minWidth`
 * pixels, level otherwise.
 */
export function categoryLabels(el: HTMLElement, count: number, minWidth = 80, angle = 40): { interval: 0; rotate: number } {
  return { interval: 0, rotate: el.clientWidth / Math.max(count, 1) < minWidth ? angle : 0 };
}
