#!/usr/bin/env node
// `npm test`: checks what the machine needs, then type check, lint, the web build, and every
// test (unit, API on SQLite and on PostgreSQL, browser journeys in Chromium). It ends with one
// plain "N passed, N failed" line so that any CI can read the outcome.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

const CHROMIUM = process.env.GONGJIAN_CHROMIUM ?? '/usr/bin/chromium';

function missingPrerequisites() {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium (${CHROMIUM}) for the browser tests: apt-get update && apt-get install -y chromium fonts-noto-cjk`);
  const pgBin = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim() !== '';
  if (!process.env.GJ_TEST_PG_URL && !pgBin && !onPath) {
    missing.push('PostgreSQL server binaries (initdb, postgres) for the PostgreSQL half of the API tests: apt-get update && apt-get install -y postgresql — or set GJ_TEST_PG_URL to a server you run');
  }
  return missing;
}

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

const missing = missingPrerequisites();
if (missing.length) {
  console.error('npm test cannot run: missing on this machine:');
  for (const m of missing) console.error(`  - ${m}`);
  process.exit(1);
}

step('type check (server and web)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
step('type check (web)', 'npx', ['tsc', '-p', 'web/tsconfig.json', '--noEmit']);
step('lint', 'npx', ['eslint', '.']);
step('build the web app', 'npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);

mkdirSync('.tmp', { recursive: true });
const extra = process.argv.slice(2);
console.log('\n▶ tests: unit, API on SQLite and PostgreSQL, browser journeys');
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/vitest.json', ...extra], { stdio: 'inherit', env: process.env });
let summary = null;
try {
  summary = JSON.parse(readFileSync('.tmp/vitest.json', 'utf8'));
} catch {
  /* vitest died before writing its report */
}
if (summary) {
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
}
process.exit(run.status ?? 1);
