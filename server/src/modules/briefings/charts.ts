import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/**
 * The briefing's charts: ECharts drawn on the server as SVG (no canvas, no browser), then turned
 * into PNG by resvg, since Word shows a PNG everywhere and an SVG only in recent versions.
 */

const FONT_FAMILY = 'Noto Sans CJK SC';
/** Where Debian, Fedora and Arch put the Noto CJK fonts; the first found is used, else the system's. */
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc',
];
const fontFiles = FONT_CANDIDATES.filter((f) => existsSync(f)).slice(0, 1);

export interface ChartImage {
  png: Buffer;
  width: number;
  height: number;
}

function render(option: echarts.EChartsCoreOption, width: number, height: number): ChartImage {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, backgroundColor: '#ffffff', textStyle: { fontFamily: FONT_FAMILY }, ...option });
    const svg = chart.renderToSVGString();
    const png = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'zoom', value: 2 }, font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: FONT_FAMILY } }).render().asPng();
    return { png, width, height };
  } finally {
    chart.dispose();
  }
}

/** Each unit's score, first place on top. */
export function scoresChart(items: { unitName: string; score: number; rank: number }[]): ChartImage {
  const ordered = [...items].reverse();
  return render(
    {
      title: { text: '各地区综合得分', left: 'center', textStyle: { fontSize: 16 } },
      grid: { left: 16, right: 48, top: 40, bottom: 16, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: ordered.map((i) => i.unitName) },
      series: [{ type: 'bar', barMaxWidth: 18, data: ordered.map((i) => ({ value: i.score, itemStyle: { color: i.rank === 1 ? '#c0392b' : i.rank <= 3 ? '#e67e22' : '#5b8ff9' } })), label: { show: true, position: 'right' } }],
    },
    600,
    Math.max(200, 60 + items.length * 28),
  );
}

/** Each unit's completion of its investment target (%) against 序时进度, a dashed line. */
export function investmentChart(items: { unitName: string; completion: number }[], timeProgress: number): ChartImage {
  return render(
    {
      title: { text: '重点项目完成投资目标完成率（%）', left: 'center', textStyle: { fontSize: 16 } },
      grid: { left: 16, right: 24, top: 48, bottom: 16, containLabel: true },
      xAxis: { type: 'category', data: items.map((i) => i.unitName), axisLabel: { interval: 0, rotate: items.length > 6 ? 30 : 0 } },
      // Up to 100 % at least, so the 序时进度 line is always on the chart.
      yAxis: { type: 'value', min: 0, max: Math.ceil(Math.max(100, timeProgress, ...items.map((i) => i.completion)) / 10) * 10 },
      series: [
        {
          type: 'bar',
          barMaxWidth: 28,
          data: items.map((i) => ({ value: i.completion, itemStyle: { color: i.completion >= timeProgress ? '#389e0d' : '#cf1322' } })),
          label: { show: true, position: 'top' },
          markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#595959' }, label: { position: 'insideEndTop', formatter: `序时进度 ${timeProgress}%` }, data: [{ yAxis: timeProgress }] },
        },
      ],
    },
    600,
    300,
  );
}
