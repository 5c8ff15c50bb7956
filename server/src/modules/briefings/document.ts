import { AlignmentType, BorderStyle, Document, Footer, ImageRun, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import type { ChartImage } from './charts.js';

/**
 * The monthly briefing as a Word document in the form Chinese offices use (GB/T 9704 in spirit):
 * a red masthead, the issue line over a red rule, a 小标宋 title, 黑体 section heads and 仿宋
 * body text at 三号 (16 pt). The fonts are named as officials expect; where a machine lacks one,
 * Word falls back to a font it has, and staff edit the draft rather than retype it.
 */

export const FONTS = { title: '方正小标宋简体', heading: '黑体', body: '仿宋_GB2312', kai: '楷体_GB2312' } as const;
const RED = 'C00000';
/** Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt. */
const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24 } as const;

export interface BriefingContent {
  city: string;
  /** 镇江市重大项目攻坚月度简报（2025年11月） */
  title: string;
  issue: string;
  office: string;
  dateText: string;
  sections: { heading: string; paragraphs: string[]; table?: { header: string[]; rows: string[][]; widths: number[] }; charts?: ChartImage[]; after?: string[] }[];
  distribution: string;
}

function run(text: string, font: string, size: number, options: { bold?: boolean; color?: string } = {}) {
  return new TextRun({ text, font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: font }, size, bold: options.bold, color: options.color });
}

/** A body paragraph: 仿宋 三号, first line indented two characters, fixed 28 pt lines. */
function body(text: string) {
  return new Paragraph({ children: [run(text, FONTS.body, SIZE.san)], indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' }, alignment: AlignmentType.JUSTIFIED });
}

function cell(text: string, header: boolean, width: number) {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, header ? FONTS.heading : FONTS.body, SIZE.xiaosi)] })],
  });
}

function table(t: NonNullable<BriefingContent['sections'][number]['table']>) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: t.header.map((h, i) => cell(h, true, t.widths[i]!)) }), ...t.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, false, t.widths[i]!)) }))],
  });
}

/** A chart at the text width (15.6 cm ≈ 590 px at 96 dpi), its proportions kept. */
function image(chart: ChartImage) {
  const width = 560;
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [new ImageRun({ type: 'png', data: chart.png, transformation: { width, height: Math.round((chart.height / chart.width) * width) } })] });
}

export async function briefingDocx(c: BriefingContent): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [run('重大项目攻坚简报', FONTS.title, 72, { color: RED })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [run(c.issue, FONTS.body, SIZE.san)] }),
    new Paragraph({
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: { after: 360 },
      tabStops: [{ type: 'right', position: 8840 }],
      children: [run(c.office, FONTS.body, SIZE.san), run(`\t${c.dateText}`, FONTS.body, SIZE.san)],
    }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360, line: 700, lineRule: 'exact' }, children: [run(c.title, FONTS.title, SIZE.er)] }),
  ];
  for (const section of c.sections) {
    children.push(new Paragraph({ indent: { firstLine: 640 }, spacing: { before: 120, line: 560, lineRule: 'exact' }, children: [run(section.heading, FONTS.heading, SIZE.san)] }));
    for (const p of section.paragraphs) children.push(body(p));
    if (section.table) children.push(table(section.table));
    for (const chart of section.charts ?? []) children.push(image(chart));
    for (const p of section.after ?? []) children.push(body(p));
  }
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 }, bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 4 } },
      children: [run(c.distribution, FONTS.body, SIZE.si)],
    }),
  );
  const doc = new Document({
    creator: c.office,
    title: c.title,
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: FONTS.body }, size: SIZE.san } } } },
    sections: [
      {
        // A4 with the official margins: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1985, left: 1588, right: 1474 } } },
        footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: 'Times New Roman', size: SIZE.si })] })] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
