import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import type { AgendaItem } from '../../../../common/problems-api.js';

/**
 * The leading group's meeting list (调度会议题清单) as Word: one row per overdue problem with who
 * has held it and for how long (超时倒查), and a blank column for the meeting's decision. A4
 * landscape, 仿宋 body and 黑体 heads as offices expect; staff edit it rather than retype it.
 */
const FONT = { title: '方正小标宋简体', heading: '黑体', body: '仿宋_GB2312' } as const;
const CATEGORY: Record<string, string> = { land: '土地', labour: '用工', permit: '手续审批', finance: '融资', power: '用电用能', environment: '环保', other: '其他' };

function run(text: string, font: string, size: number, bold = false) {
  return new TextRun({ text, font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: font }, size, bold });
}

function cell(lines: string[], header: boolean, width: number) {
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    children: lines.map((l) => new Paragraph({ alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(l, header ? FONT.heading : FONT.body, 21)] })),
  });
}

export async function agendaDocx(items: AgendaItem[], meta: { city: string; dateText: string }): Promise<Buffer> {
  const widths = [4, 22, 7, 12, 10, 8, 21, 16];
  const header = ['序号', '问题', '类别', '承办单位', '办理时限', '超期天数', '办理经过（超时倒查）', '会议决定'];
  const rows = items.map((p, i) => [
    [String(i + 1)],
    [`${p.code} ${p.title}`, p.projectName ? `项目：${p.projectName}` : '', p.enterpriseName ? `企业：${p.enterpriseName}` : '', `反映：${p.raiserUnitName}`].filter(Boolean),
    [CATEGORY[p.category] ?? p.category],
    [p.leadUnitName ?? ''],
    [p.dueDate ?? ''],
    [String(p.daysOverdue)],
    p.holdings.map((h) => `${h.unitName}：${h.days} 天${h.to ? '' : '（仍在办）'}`),
    p.decisions.map((d) => `${d.meetingDate ?? ''} ${d.text}`.trim()),
  ]);
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h, i) => cell([h], true, widths[i]!)) }), ...rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c.length ? c : [''], false, widths[i]!)) }))],
  });
  const doc = new Document({
    title: `${meta.city}项目攻坚领导小组调度会议题清单`,
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: FONT.body }, size: 24 } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`${meta.city}项目攻坚领导小组调度会议题清单`, FONT.title, 36)] }),
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(`（超期未办结问题 ${items.length} 件，截至${meta.dateText}）`, FONT.body, 28)] }),
          table,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
