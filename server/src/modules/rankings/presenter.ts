import type { RankingResponse, RankingRowsResponse } from '../../../../common/rankings-api.js';
import type { Lang } from '../../platform/i18n/index.js';
import { unitsToWan } from '../../platform/money.js';
import type { Indicator, IndicatorRow } from '../targets/index.js';
import type { PublishedRanking, Ranking } from './service.js';

/** A ranking as the API shows it: the indicators' names in the reader's language, movement against last month. */
export function presentRanking(ranking: Ranking, indicators: Indicator[], previous: Map<number, number>, published: PublishedRanking | null, lang: Lang): RankingResponse {
  const weights = ranking.scheme.definition.weights;
  return {
    scheme: { id: ranking.scheme.id, name: lang === 'en-US' ? ranking.scheme.nameEn : ranking.scheme.name, version: ranking.scheme.version },
    year: ranking.year,
    asOf: ranking.asOf,
    timeProgress: ranking.timeProgress,
    indicators: indicators.map((i) => ({ code: i.code, name: lang === 'en-US' ? i.nameEn : i.name, unit: i.unit, version: i.version, weight: weights[i.code] ?? 0 })),
    published: published ? { period: published.period, version: published.version, publishedAt: published.publishedAt } : null,
    items: ranking.items.map((item) => ({ ...item, previousRank: previous.get(item.unitId) ?? null })),
  };
}

export function presentRows(rows: { total: number; hidden: number; items: IndicatorRow[] }): RankingRowsResponse {
  return {
    total: rows.total,
    hidden: rows.hidden,
    items: rows.items.map((r) => ({ projectId: r.projectId, code: r.code, name: r.name, hostUnitName: r.hostUnitName, share: r.share, totalInvestmentWan: unitsToWan(r.totalInvestmentYuan)!, date: r.date, inNumerator: r.inNumerator, reportedWan: unitsToWan(r.reportedYuan), landMu: r.landMu })),
  };
}
