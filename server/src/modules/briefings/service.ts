import { monthEnd } from '../../../../common/targets.js';
import { systemContext, type RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { chinaToday, monthRedList } from '../dispatch/index.js';
import { loanSentence } from '../finance/index.js';
import { readPublished } from '../rankings/index.js';
import { indicatorValues, loadIndicators, type Indicator } from '../targets/index.js';
import { investmentChart, scoresChart } from './charts.js';
import { briefingDocx, type BriefingContent } from './document.js';
import { assertReadBriefings, briefingScope } from './policy.js';
import { archivedById, cityUnit, insertArchived, monthsOwingBriefing, nextVersion } from './repo.js';
import { formatWan, headlineSentence, movementText, narrative, type Headline } from './text.js';

export type BriefingsDeps = Pick<Services, 'db' | 'audit' | 'clock' | 'files'>;

const HEADLINE_CODES = ['signed_100m', 'signed_1b', 'chain_share', 'investment_wan'] as const;
const RED_LIST_LIMIT = 20;
const KIND_TEXT: Record<string, string> = { progress: '投资进度滞后', start: '开工滞后', registration: '入库滞后', returns: '达产达效滞后' };

export interface MonthlyBriefing {
  period: string;
  rankingVersion: number;
  title: string;
  fileName: string;
  headline: Headline;
  bytes: Buffer;
}

function previousPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

const chineseDate = (iso: string) => `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/**
 * Drafts a month's briefing from its published 赛马榜: the city-wide figures as of the month end,
 * counted with the indicator versions and at the watermark the ranking was published with (so
 * the draft agrees with the table beside it and can be drafted again identically), the table,
 * two charts, the month's red list and sentences generated from all of it.
 */
export async function draftMonthlyBriefing(gj: Pick<Services, 'db' | 'clock'>, ctx: RequestContext, period: string): Promise<MonthlyBriefing> {
  assertReadBriefings(ctx);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw new AppError(400, 'RANKING_PERIOD_BAD');
  const published = await readPublished(gj.db, period);
  if (!published) throw new AppError(404, 'RANKING_NOT_FOUND');
  const { ranking } = published;
  const year = ranking.year;
  const month = Number(period.slice(5, 7));
  const asOf = monthEnd(period);
  const city = await cityUnit(gj.db);

  // The ranking's own indicator versions; one it did not score (no weight) counts by the version in force then.
  const frozen = await loadIndicators(gj.db, ranking.indicatorVersions);
  const inForce = await loadIndicators(gj.db, undefined, asOf);
  const indicators = HEADLINE_CODES.map((code) => frozen.find((i) => i.code === code) ?? inForce.find((i) => i.code === code)).filter((i): i is Indicator => !!i);
  const values = (await indicatorValues(gj.db, { indicators, year, asOf, units: [{ id: city.id, path: city.path }], watermark: published.watermark })).get(city.id);
  const value = (code: string) => values?.get(code)?.value ?? null;
  const headline: Headline = { signed100m: value('signed_100m') ?? 0, signed1b: value('signed_1b') ?? 0, chainShare: value('chain_share'), investmentWan: value('investment_wan') };

  const before = await readPublished(gj.db, previousPeriod(period));
  const previous = new Map((before?.ranking.items ?? []).map((i) => [i.unitId, i.rank]));
  const items = ranking.items.map((i) => {
    const investment = i.indicators.find((x) => x.code === 'investment_wan');
    return { ...i, previousRank: previous.get(i.unitId) ?? null, investmentCompletion: investment ? Math.round(investment.completion * 1000) / 10 : null };
  });
  const redList = await monthRedList(gj.db, briefingScope(ctx), period, RED_LIST_LIMIT);

  const charts = [scoresChart(items)];
  const measured = items.filter((i) => i.investmentCompletion !== null);
  if (measured.length) charts.push(investmentChart(measured.map((i) => ({ unitName: i.unitName, completion: i.investmentCompletion! })), ranking.timeProgress));

  const title = `${city.name}重大项目攻坚月度简报（${year}年${month}月）`;
  const overview = [`截至${chineseDate(asOf)}，全市${headlineSentence(headline)}。`];
  if (headline.investmentWan !== null) overview.push(`全市重点项目累计完成投资${formatWan(headline.investmentWan)}，序时进度${ranking.timeProgress}%。`);
  // 金链行动: the regulator's loan sheet of the month, when it is in.
  const lending = await loanSentence(gj.db, period);
  if (lending) overview.push(lending);
  const red: BriefingContent['sections'][number] =
    redList === null
      ? { heading: '三、红灯项目', paragraphs: ['本月未开展月度调度，暂无红灯项目统计。'] }
      : redList.total === 0
        ? { heading: '三、红灯项目', paragraphs: ['本月全市无红灯项目。'] }
        : {
            heading: '三、红灯项目',
            paragraphs: [`本月全市红灯预警共${redList.total}项${redList.total > RED_LIST_LIMIT ? `，最严重的${RED_LIST_LIMIT}项如下` : '，具体如下'}：`],
            table: {
              header: ['序号', '项目名称', '所在单位', '预警类型', '情况'],
              widths: [8, 36, 18, 16, 22],
              rows: redList.items.map((w, i) => [String(i + 1), w.projectName, w.unitName, KIND_TEXT[w.kind] ?? w.kind, w.kind === 'progress' && w.deviationPoints !== null ? `滞后序时进度${w.deviationPoints}个百分点` : w.monthsLate !== null ? `逾期${w.monthsLate}个月` : '—']),
            },
          };
  const content: BriefingContent = {
    city: city.name,
    title,
    issue: `${year}年第${month}期`,
    office: `${city.name}重大项目攻坚推进办公室`,
    dateText: chineseDate(chinaToday(gj.clock.now())),
    sections: [
      { heading: '一、总体情况', paragraphs: overview },
      {
        heading: '二、赛马榜',
        paragraphs: [`${year}年${month}月赛马榜按“${ranking.scheme.name}”第${ranking.scheme.version}版评分（${period}第${published.version}版发布），结果如下：`],
        table: { header: ['名次', '单位', '得分', '较上月'], widths: [14, 42, 22, 22], rows: items.map((i) => [String(i.rank), i.unitName, i.score.toFixed(2), movementText(i.rank, i.previousRank)]) },
        charts,
      },
      red,
      { heading: '四、分析与建议', paragraphs: narrative(items, ranking.timeProgress) },
    ],
    distribution: '报：市委、市政府主要领导。送：市重大项目攻坚推进领导小组成员单位。发：各县（市、区）、功能区。',
  };
  const bytes = await briefingDocx(content);
  return { period, rankingVersion: published.version, title, fileName: `${title}.docx`, headline, bytes };
}

/** A briefing drafted on request: audited (who drafted which month from which published version). */
export async function generateMonthlyBriefing(gj: BriefingsDeps, ctx: RequestContext, period: string): Promise<MonthlyBriefing> {
  const briefing = await draftMonthlyBriefing(gj, ctx, period);
  await gj.audit.appendAlone(gj.db, ctx, { action: 'briefing.generate', objectType: 'briefing', objectId: period, detail: { period, rankingVersion: briefing.rankingVersion, size: briefing.bytes.length } });
  return briefing;
}

/**
 * The schedule: each month published in the last 31 days whose newest publish is newer than its
 * newest archived briefing gets one drafted and archived (file on disk, row in `briefings`,
 * audited). Runs once across instances (the jobs table).
 */
export async function archiveDueBriefings(gj: BriefingsDeps): Promise<{ archived: string[] }> {
  const now = gj.clock.now();
  const months = await monthsOwingBriefing(gj.db, new Date(now.getTime() - 31 * 86_400_000).toISOString(), now.toISOString());
  const ctx = systemContext('system:briefing-schedule');
  const archived: string[] = [];
  for (const period of months) {
    await archiveBriefing(gj, ctx, period);
    archived.push(period);
  }
  return { archived };
}

/** Drafts a month's briefing and keeps it: the file on disk, a new version in `briefings`, audited. */
export async function archiveBriefing(gj: BriefingsDeps, ctx: RequestContext, period: string): Promise<{ id: number; version: number }> {
  const briefing = await draftMonthlyBriefing(gj, ctx, period);
  const stored = gj.files.put(briefing.bytes);
  const now = gj.clock.now().toISOString();
  try {
    return await gj.db.transaction().execute(async (trx) => {
      const version = await nextVersion(trx, period);
      const id = await insertArchived(trx, { period, version, fileName: briefing.fileName, size: briefing.bytes.length, sha256: stored.sha256, storageKey: stored.key, createdBy: ctx.actor?.userId ?? null, createdAt: now });
      await gj.audit.append(trx, ctx, { action: 'briefing.archive', objectType: 'briefing', objectId: id, detail: { period, version, rankingVersion: briefing.rankingVersion, sha256: stored.sha256 } });
      return { id, version };
    });
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

/** An archived briefing's file, for a city-wide reader; the download is audited. */
export async function archivedFile(gj: BriefingsDeps, ctx: RequestContext, id: number): Promise<{ fileName: string; period: string; bytes: Buffer }> {
  assertReadBriefings(ctx);
  const row = await archivedById(gj.db, id);
  if (!row) throw notFound();
  const bytes = gj.files.get(row.storage_key);
  await gj.audit.appendAlone(gj.db, ctx, { action: 'briefing.download', objectType: 'briefing', objectId: id, detail: { period: row.period, version: row.version } });
  return { fileName: row.file_name, period: row.period, bytes };
}
