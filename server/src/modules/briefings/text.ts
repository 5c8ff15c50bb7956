/**
 * The briefing's sentences, built from figures (pure functions: the unit tests read them).
 * Counts with credit shares are fractions of projects: one decimal only when there is one.
 */

export function formatCount(value: number): string {
  const r = Math.round((value + Number.EPSILON) * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** 万元 as 亿元 (two decimals at most) from 1亿 up, else as 万元. */
export function formatWan(wan: number): string {
  if (Math.abs(wan) >= 10_000) return `${String(Math.round(wan / 100) / 100)}亿元`;
  return `${String(Math.round(wan * 100) / 100)}万元`;
}

export interface Headline {
  signed100m: number;
  signed1b: number;
  /** Percent, null when nothing was signed (a share of nothing). */
  chainShare: number | null;
  investmentWan: number | null;
}

/** The seed's sentence: 新签约亿元以上项目N个，其中10亿元以上M个，“四群八链”项目占比X% */
export function headlineSentence(h: Headline): string {
  const share = h.chainShare === null ? '' : `，“四群八链”项目占比${formatCount(h.chainShare)}%`;
  return `新签约亿元以上项目${formatCount(h.signed100m)}个，其中10亿元以上${formatCount(h.signed1b)}个${share}`;
}

/** ↑2 / ↓1 / — / 新上榜 */
export function movementText(rank: number, previousRank: number | null): string {
  if (previousRank === null) return '新上榜';
  const move = previousRank - rank;
  return move > 0 ? `↑${move}` : move < 0 ? `↓${-move}` : '—';
}

export interface NarrativeUnit {
  unitName: string;
  rank: number;
  score: number;
  previousRank: number | null;
  /** Completion of the investment target in percent, null without such a target. */
  investmentCompletion: number | null;
}

/** Who leads, who moved most, who is behind 序时进度. */
export function narrative(units: NarrativeUnit[], timeProgress: number): string[] {
  if (!units.length) return [];
  const out: string[] = [];
  const first = units.filter((u) => u.rank === 1);
  const last = units.filter((u) => u.rank === Math.max(...units.map((x) => x.rank)));
  let lead = `${first.map((u) => u.unitName).join('、')}以${first[0]!.score}分位列第一`;
  if (last[0]!.rank > 1) lead += `，${last.map((u) => u.unitName).join('、')}暂列末位`;
  out.push(`${lead}。`);
  const moved = units.filter((u) => u.previousRank !== null).map((u) => ({ ...u, move: u.previousRank! - u.rank }));
  if (!moved.length) out.push('本月为本年度首次发布排名，暂无名次变化。');
  else {
    const up = Math.max(...moved.map((u) => u.move));
    const down = Math.min(...moved.map((u) => u.move));
    const parts: string[] = [];
    if (up > 0) parts.push(`${moved.filter((u) => u.move === up).map((u) => u.unitName).join('、')}进步最快，较上月上升${up}位`);
    if (down < 0) parts.push(`${moved.filter((u) => u.move === down).map((u) => u.unitName).join('、')}较上月下降${-down}位`);
    out.push(parts.length ? `${parts.join('；')}。` : '各地区名次与上月持平。');
  }
  const measured = units.filter((u) => u.investmentCompletion !== null);
  if (measured.length) {
    const behind = measured.filter((u) => u.investmentCompletion! < timeProgress);
    out.push(behind.length ? `${behind.map((u) => u.unitName).join('、')}的重点项目完成投资低于序时进度（${timeProgress}%），需加快推进。` : `各地区重点项目完成投资均达到序时进度（${timeProgress}%）。`);
  }
  return out;
}
