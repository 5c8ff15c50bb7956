/**
 * How well the year-end forecast of monthly dispatch does, month by month, on a simulated year of
 * key projects (no real history exists in this repository): construction spending follows an
 * S-curve, some projects stall, some start late, every month has noise. At each month m the
 * forecast (dispatch/rules.ts `forecastYearEnd`: cumulative + mean of the last three months ×
 * months left) is compared with the naive run rate (cumulative × 12 / m) and with the real
 * year-end; and its "will miss the plan" flag with what happened.
 * Run: `npx tsx bench/forecast-backtest.ts [--projects 5000]`; it writes docs/dispatch.md's table.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { forecastYearEnd } from '../server/src/modules/dispatch/rules.js';

const args = process.argv.slice(2);
const PROJECTS = args.includes('--projects') ? Number(args[args.indexOf('--projects') + 1]) : 5000;

/** A small deterministic generator (mulberry32), so the table is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(2023);
const logistic = (x: number) => 1 / (1 + Math.exp(-x));

interface Simulated {
  plan: number;
  monthly: number[];
}

function simulate(): Simulated {
  const plan = Math.round(5_000 + rand() * 95_000);
  const kind = rand();
  // Achievement of the plan by the year's end: most near it, a tail well short.
  const achieved = kind < 0.15 ? 0.3 + rand() * 0.4 : 0.75 + rand() * 0.45;
  const midpoint = 4 + rand() * 5;
  const steep = 0.5 + rand() * 0.8;
  const start = kind > 0.9 ? 3 + Math.floor(rand() * 4) : 0;
  const stallAt = kind < 0.08 ? 5 + Math.floor(rand() * 5) : 13;
  const shape = (m: number) => (m <= start ? 0 : logistic(steep * (m - midpoint)) - logistic(steep * (start - midpoint)));
  const total = shape(12) || 1;
  const monthly: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const share = (shape(m) - shape(m - 1)) / total;
    const noise = 0.7 + rand() * 0.6;
    monthly.push(m >= stallAt ? 0 : Math.max(0, Math.round(plan * achieved * share * noise)));
  }
  return { plan, monthly };
}

const projects = Array.from({ length: PROJECTS }, simulate);
const rows: string[] = [];
for (const m of [3, 4, 5, 6, 7, 8, 9, 10]) {
  let errPace = 0;
  let errNaive = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let naiveTp = 0;
  let naiveFp = 0;
  for (const p of projects) {
    const cumulative = p.monthly.slice(0, m).reduce((a, b) => a + b, 0);
    const actual = p.monthly.reduce((a, b) => a + b, 0);
    const recent = p.monthly.slice(Math.max(0, m - 3), m).reverse();
    const pace = forecastYearEnd(m, cumulative, recent);
    const naive = (cumulative * 12) / m;
    errPace += Math.abs(pace - actual) / p.plan;
    errNaive += Math.abs(naive - actual) / p.plan;
    const misses = actual < p.plan;
    if (pace < p.plan && misses) tp++;
    else if (pace < p.plan) fp++;
    else if (misses) fn++;
    if (naive < p.plan && misses) naiveTp++;
    else if (naive < p.plan) naiveFp++;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  rows.push(`| ${m} | ${pct(errPace / PROJECTS)} | ${pct(errNaive / PROJECTS)} | ${pct(tp / (tp + fp || 1))} | ${pct(tp / (tp + fn || 1))} | ${pct(naiveTp / (naiveTp + naiveFp || 1))} |`);
}
const missers = projects.filter((p) => p.monthly.reduce((a, b) => a + b, 0) < p.plan).length;
const table = [
  '| month | forecast error (mean, % of plan) | run-rate error | "will miss" precision | "will miss" recall | run-rate precision |',
  '|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
const section = `## How well the forecast did

\`npx tsx bench/forecast-backtest.ts --projects ${PROJECTS}\`: ${PROJECTS.toLocaleString('en')} simulated key projects (S-curve spending
with noise, 8% stalling mid-year, 10% starting late; ${missers.toLocaleString('en')} of them end the year below plan). At each
month the forecast is compared with the real year-end (error as a share of the plan) and with the naive run rate
(cumulative × 12 ÷ month). From month 5 on the damped pace has the smaller error and the better precision
(fewer projects flagged that end up on plan); in months 3–4 the run rate is closer — little has been spent, and
the pace of a slow start says little. Recall is the share of the year's missers flagged at that month.

${table}
`;
const doc = readFileSync('docs/dispatch.md', 'utf8');
const marker = '## How well the forecast did';
writeFileSync('docs/dispatch.md', doc.includes(marker) ? doc.slice(0, doc.indexOf(marker)) + section : `${doc.trimEnd()}\n\n${section}`);
