import { BarChart, FunnelChart, GaugeChart, GraphChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef } from 'react';

// Only what the dashboards draw, so the bundle carries these charts, not all of ECharts.
echarts.use([BarChart, LineChart, PieChart, FunnelChart, GaugeChart, GraphChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** What a click on a bar, slice or point says: its series, its index in the data and its name. */
export interface ChartClick {
  seriesIndex: number;
  seriesName: string;
  dataIndex: number;
  name: string;
}

/**
 * An ECharts chart that follows its options and its container's width. `onClick` gets the bar,
 * slice or point clicked; `dark` draws with ECharts' dark theme (the meeting-room screen).
 */
export function Chart({ option, height = 320, testId, onClick, dark = false }: { option: EChartsCoreOption; height?: number; testId?: string; onClick?: (e: ChartClick) => void; dark?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, dark ? 'dark' : undefined);
    chart.current = instance;
    // The instance on its element: the browser journeys find where a bar is drawn through it.
    Object.assign(ref.current, { echartsInstance: instance });
    instance.on('click', (p) => click.current?.({ seriesIndex: p.seriesIndex ?? 0, seriesName: p.seriesName ?? '', dataIndex: p.dataIndex, name: p.name }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [dark]);
  useEffect(() => {
    chart.current?.setOption(dark ? { backgroundColor: 'transparent', ...option } : option, true);
  }, [option, dark]);
  return <div ref={ref} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} />;
}
