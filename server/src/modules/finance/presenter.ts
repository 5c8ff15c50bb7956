import type { BankAssignment, CreditLine, CreditTotals, LoanStats } from '../../../../common/key-enterprises-api.js';
import { unitsToWan } from '../../platform/money.js';
import type { assignments, creditLines, creditSums, loanSheets } from './repo.js';

/** The one place the 金链行动's rows become what the API answers: yuan → 万元 here only. */
const wan = (v: unknown) => unitsToWan(Number(v ?? 0))!;

export function presentAssignments(rows: Awaited<ReturnType<typeof assignments>>): BankAssignment[] {
  const out = new Map<number, BankAssignment>();
  for (const r of rows) {
    const bank = out.get(r.bank_id) ?? { bankUnitId: r.bank_id, bankName: r.bank_name, chains: [] };
    if (r.chain_id !== null) bank.chains.push({ id: r.chain_id, name: r.chain_name! });
    out.set(r.bank_id, bank);
  }
  return [...out.values()];
}

export function presentLines(rows: Awaited<ReturnType<typeof creditLines>>['rows']): CreditLine[] {
  return rows.map((r) => ({
    id: r.id,
    bankUnitId: r.bank_unit_id,
    bankName: r.bank_name,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    chainId: r.chain_id,
    chainName: r.chain_name,
    amountWan: wan(r.amount_yuan),
    grantedOn: r.granted_on,
    termMonths: r.term_months,
    drawnWan: wan(r.drawn),
    repaidWan: wan(r.repaid),
    outstandingWan: wan(Number(r.drawn ?? 0) - Number(r.repaid ?? 0)),
  }));
}

/** Totals per bank, per chain and per month of the year, summed exactly in yuan before becoming 万元. */
export function presentTotals(year: number, sums: Awaited<ReturnType<typeof creditSums>>, bankNames: Map<number, string>, chainNames: Map<number, string>): CreditTotals {
  type Acc = { granted: number; drawn: number; repaid: number; lines: number };
  const acc = () => ({ granted: 0, drawn: 0, repaid: 0, lines: 0 });
  const banks = new Map<number, Acc>();
  const chains = new Map<number, Acc>();
  const months = new Map<string, Acc>();
  const add = (m: Map<number | string, Acc>, k: number | string) => {
    let a = m.get(k);
    if (!a) m.set(k, (a = acc()));
    return a;
  };
  for (const g of sums.granted) {
    for (const a of [add(banks as Map<number | string, Acc>, Number(g.bank_unit_id)), add(chains as Map<number | string, Acc>, Number(g.chain_id)), add(months as Map<number | string, Acc>, g.month)]) {
      a.granted += Number(g.total);
      a.lines += Number(g.n);
    }
  }
  for (const m of sums.moved) {
    for (const a of [add(banks as Map<number | string, Acc>, Number(m.bank_unit_id)), add(chains as Map<number | string, Acc>, Number(m.chain_id)), add(months as Map<number | string, Acc>, m.month)]) {
      if (m.kind === 'drawn') a.drawn += Number(m.total);
      else a.repaid += Number(m.total);
    }
  }
  const fig = (a: Acc) => ({ grantedWan: wan(a.granted), drawnWan: wan(a.drawn), repaidWan: wan(a.repaid), outstandingWan: wan(a.drawn - a.repaid), lines: a.lines });
  return {
    byBank: [...banks].map(([id, a]) => ({ bankUnitId: id, bankName: bankNames.get(id) ?? '', ...fig(a) })).sort((x, y) => y.grantedWan - x.grantedWan),
    byChain: [...chains].map(([id, a]) => ({ chainId: id, chainName: chainNames.get(id) ?? '', ...fig(a) })).sort((x, y) => y.grantedWan - x.grantedWan),
    byMonth: Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).map((month) => {
      const a = months.get(month) ?? acc();
      return { month, grantedWan: wan(a.granted), drawnWan: wan(a.drawn), repaidWan: wan(a.repaid) };
    }),
  };
}

const yi = (yuan: unknown) => (yuan === null || yuan === undefined ? null : Math.round(Number(yuan) / 1e6) / 100);

/** The year's loan sheets as the charts read them: 亿元 with two decimals, manufacturing's share in %. */
export function presentLoanStats(data: Awaited<ReturnType<typeof loanSheets>>): LoanStats {
  return {
    periods: data.sheets.map((s) => ({
      period: s.period,
      version: Number(s.version),
      balanceYi: yi(s.balance_yuan)!,
      ytdChangeYi: yi(s.ytd_change_yuan)!,
      yoyPercent: s.yoy_percent === null ? null : Number(s.yoy_percent),
      mfgBalanceYi: yi(s.mfg_balance_yuan),
      mfgYtdChangeYi: yi(s.mfg_ytd_change_yuan),
      mfgSharePercent: s.mfg_balance_yuan === null || Number(s.balance_yuan) === 0 ? null : Math.round((Number(s.mfg_balance_yuan) * 1000) / Number(s.balance_yuan)) / 10,
      institutions: data.rows
        .filter((r) => r.sheet_id === s.id)
        .map((r) => ({ institutionId: r.institution_id, name: r.name, balanceYi: yi(r.balance_yuan)!, ytdChangeYi: yi(r.ytd_change_yuan)!, yoyPercent: r.yoy_percent === null ? null : Number(r.yoy_percent), mfgBalanceYi: yi(r.mfg_balance_yuan) })),
    })),
  };
}
