import { createWriteStream, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { isFilingPeriod } from '../../../common/returns.js';
import { auditCheckpointFileOf, DEFAULT_SQLITE_FILE, loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { purgeAudit, verifyAuditChain, type ChainProblem } from '../platform/audit.js';
import { publishAuditCheckpoint, readGivenCheckpoints } from '../platform/audit-checkpoint.js';
import { randomToken } from '../platform/crypto.js';
import { AppError } from '../platform/errors.js';
import { pickLang, translate } from '../platform/i18n/index.js';
import { checkPasswordStrength, hashPassword } from '../platform/password.js';
import { loadSettings } from '../platform/settings.js';
import { insertUnit } from '../modules/units/repo.js';
import { createUser, findUserRowByUsername, insertUser, resetUserPassword, roleIdByCode, setUserDisabled, setUserRoles, unitIdByCode, unlockUser, type Operator } from '../modules/users/index.js';
import { importProjects } from '../modules/projects/excel.js';
import { importDispatch } from '../modules/dispatch/index.js';
import { importTargets } from '../modules/targets/index.js';
import { importReturns } from '../modules/returns/index.js';
import { writeProjectsXlsx } from '../modules/projects/export.js';
import { generateProjects } from '../seed/generate.js';
import { isEmpty, seedBuiltinRoles, seedDemo } from '../seed/seed.js';
import { seedTaxonomy } from '../seed/taxonomy.js';
import { backupCommand, restoreSqlite } from './backup.js';
import { openCli, progressBar, readSecret, type CliContext } from './context.js';

const program = new Command();
program.name('gongjian').description('Gongjian (攻坚) — the command line of the project-drive platform').showHelpAfterError();

/** Runs a command with an open database, and turns any error into one clear line and exit code 1. */
async function withCli<T>(work: (cli: CliContext) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T | undefined> {
  let cli: CliContext | undefined;
  try {
    cli = await openCli(options);
    return await work(cli);
  } catch (err) {
    console.error(`gongjian: ${describe(err)}`);
    process.exitCode = 1;
    return undefined;
  } finally {
    await cli?.close();
  }
}

/** A user-facing error in the operator's language (LANG), anything else as it is. */
function describe(err: unknown): string {
  if (err instanceof AppError) return translate(pickLang(process.env.LANG?.replace('_', '-')), err.code, err.params);
  return (err as Error).message;
}

function tempPassword(): string {
  // Satisfies the policy by construction: upper, lower, digit, symbol, 16+ characters.
  return `Gj-${randomToken(12)}9a`;
}

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = openDatabase(config.databaseUrl);
    try {
      const ran = await migrate(database);
      console.log(ran.length ? `applied: ${ran.join(', ')}` : 'the database is up to date');
    } catch (err) {
      console.error(`gongjian: ${(err as Error).message}`);
      process.exitCode = 1;
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('seed data')
  .option('--demo', 'the Zhenjiang demo: org tree and one account per role (empty database only)')
  .option('--no-campaign', 'only the hand-written demo records, without the campaign in motion')
  .action(async (opts: { demo?: boolean; campaign: boolean }) => {
    if (!opts.demo) {
      console.error('gongjian: say what to seed, e.g. `gongjian seed --demo`');
      process.exitCode = 1;
      return;
    }
    await withCli(async ({ gj }) => {
      const bar = progressBar('seeding');
      const result = await seedDemo({ db: gj.db, dialect: gj.dialect, cipher: gj.cipher, audit: gj.audit, now: gj.clock.now(), campaign: opts.campaign, onProgress: bar.update });
      bar.stop();
      console.log(`seeded the Zhenjiang demo: ${result.units} units, ${result.users} accounts (password Gongjian@2026), ${result.projects} projects`);
    });
  });

program
  .command('setup')
  .description('first start outside the demo: the root unit and the first system administrator')
  .option('--username <name>', 'administrator username', 'sysadmin')
  .option('--display-name <name>', 'administrator display name', '系统管理员')
  .option('--unit-code <code>', 'root unit code', '321100')
  .option('--unit-name <name>', 'root unit name', '镇江市')
  .action(async (opts: { username: string; displayName: string; unitCode: string; unitName: string }) => {
    await withCli(async ({ gj, ctx, operator }) => {
      if (!(await isEmpty(gj.db))) throw new Error('this database already has accounts; use `gongjian users create`');
      const password = await readSecret(`password for ${opts.username}: `);
      checkPasswordStrength(password, opts.username);
      const hash = await hashPassword(password);
      await gj.db.transaction().execute(async (trx) => {
        const now = gj.clock.now();
        await seedBuiltinRoles(trx, now);
        await seedTaxonomy(trx);
        let root = await trx.selectFrom('units').selectAll().where('parent_id', 'is', null).executeTakeFirst();
        root ??= await insertUnit(trx, { code: opts.unitCode, name: opts.unitName, kind: 'city', parentId: null }, now);
        const role = await trx.selectFrom('roles').select('id').where('code', '=', 'sys_admin').executeTakeFirstOrThrow();
        // Outside the demo the first login must replace this password and enrol a second factor.
        const userId = await insertUser(trx, { username: opts.username, displayName: opts.displayName, unitId: root.id, passwordHash: hash, mustChangePassword: true, roleIds: [role.id] }, now);
        await gj.audit.append(trx, ctx, { action: 'system.setup', username: operator, objectType: 'user', objectId: userId, detail: { username: opts.username, unit: root.name } });
      });
      console.log(`created ${opts.username} (system administrator); the first login asks for a new password and a second factor`);
    });
  });

const users = program.command('users').description('manage accounts from the console');

users
  .command('create')
  .description('create an account, administrators included (its password is read from standard input or a prompt)')
  .requiredOption('--username <name>')
  .requiredOption('--unit <code>', 'unit code')
  .requiredOption('--role <codes>', 'role code(s), comma-separated, e.g. sec_admin, audit_admin, district (an administrator role is held alone)')
  .option('--display-name <name>')
  .action(async (opts: { username: string; unit: string; role: string; displayName?: string }) => {
    await withCli(async (cli) => {
      const unitId = await unitIdByCode(cli.gj.db, opts.unit);
      if (unitId === undefined) throw new Error(`no unit with code ${opts.unit}`);
      const roleIds = await roleIdsOf(cli, opts.role);
      const password = await readSecret(`password for ${opts.username}: `);
      await createUser(cli.gj, cli.ctx, byConsole(cli), { username: opts.username, displayName: opts.displayName ?? opts.username, unitId, password, roleIds, mustChangePassword: true });
      console.log(`created ${opts.username}; the password must be changed at first login`);
    });
  });

/** The console acts for the machine's operator: the same services as the web, recorded under the OS account. */
const byConsole = (cli: CliContext): Operator => ({ kind: 'console', name: cli.operator });

async function findUser(cli: CliContext, username: string) {
  const user = await findUserRowByUsername(cli.gj.db, username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

async function roleIdsOf(cli: CliContext, codes: string): Promise<number[]> {
  const ids: number[] = [];
  for (const code of codes.split(',').map((c) => c.trim()).filter(Boolean)) {
    const id = await roleIdByCode(cli.gj.db, code);
    if (id === undefined) throw new Error(`no role with code ${code}`);
    ids.push(id);
  }
  return ids;
}

users
  .command('disable <username>')
  .description('disable an account and end its sessions')
  .action(async (username: string) => {
    await withCli(async (cli) => {
      await setUserDisabled(cli.gj, cli.ctx, byConsole(cli), (await findUser(cli, username)).id, true);
      console.log(`${username} is disabled`);
    });
  });

users
  .command('enable <username>')
  .description('enable a disabled account again')
  .action(async (username: string) => {
    await withCli(async (cli) => {
      await setUserDisabled(cli.gj, cli.ctx, byConsole(cli), (await findUser(cli, username)).id, false);
      console.log(`${username} is enabled`);
    });
  });

users
  .command('unlock <username>')
  .description('lift a lockout after failed logins')
  .action(async (username: string) => {
    await withCli(async (cli) => {
      await unlockUser(cli.gj, cli.ctx, byConsole(cli), (await findUser(cli, username)).id);
      console.log(`${username} is unlocked`);
    });
  });

users
  .command('set-roles <username>')
  .description('replace the roles of an account (ends its sessions); an administrator role is held alone')
  .requiredOption('--role <codes>', 'role code(s), comma-separated')
  .action(async (username: string, opts: { role: string }) => {
    await withCli(async (cli) => {
      const user = await findUser(cli, username);
      await setUserRoles(cli.gj, cli.ctx, byConsole(cli), user.id, await roleIdsOf(cli, opts.role));
      console.log(`${username} now holds: ${opts.role}`);
    });
  });

users
  .command('reset-password <username>')
  .description('set a temporary password (printed) that must be changed at next login; lifts a lockout, ends the sessions')
  .action(async (username: string) => {
    await withCli(async (cli) => {
      const password = tempPassword();
      await resetUserPassword(cli.gj, cli.ctx, byConsole(cli), (await findUser(cli, username)).id, password);
      console.log(`temporary password for ${username}: ${password}`);
    });
  });

const audit = program.command('audit').description('the audit trail');

audit
  .command('verify')
  .description('check the HMAC-SM3 chain; names every tampered or missing record, and holds the ends to the published checkpoints')
  .option('--checkpoint <id:hash|file>', 'also hold the chain to this checkpoint (e.g. one noted down or kept on another machine)')
  .action(async (opts: { checkpoint?: string }) => {
    await withCli(async ({ gj }) => {
      const file = auditCheckpointFileOf(gj.config);
      const given = opts.checkpoint ? readGivenCheckpoints(gj.config.auditKey, opts.checkpoint) : { given: [], refusedLines: [] };
      const bar = progressBar('verifying');
      const { checked, problems, checkpoint } = await verifyAuditChain(gj.db, gj.config.auditKey, { checkpointFile: file, given: given.given, onProgress: bar.update });
      bar.stop();
      for (const line of given.refusedLines) problems.push({ id: 0, kind: 'checkpoint-forged', source: 'given', line });
      console.log(checkpoint ? `checkpoint of ${checkpoint.at}: record ${checkpoint.lastId}, ${checkpoint.count} records (${file})` : `no checkpoint published yet at ${file}: the newest and oldest records are held only to the database's own head`);
      if (problems.length === 0) {
        console.log(`audit trail intact: ${checked} records checked`);
        return;
      }
      for (const p of problems) console.log(describeChainProblem(p));
      console.log(`audit trail BROKEN: ${problems.length} problem(s) in ${checked} records`);
      process.exitCode = 2;
    });
  });

audit
  .command('checkpoint')
  .description('publish where the audit trail stands now to the checkpoint file (the server also does so nightly and on shutdown)')
  .action(async () => {
    await withCli(async ({ gj }) => {
      const cp = await publishAuditCheckpoint(gj);
      console.log(`checkpoint written to ${auditCheckpointFileOf(gj.config)}: ${cp.lastId}:${cp.lastHash} (${cp.count} records)`);
    });
  });

function describeChainProblem(p: ChainProblem): string {
  const from = p.source === 'given' ? 'the given checkpoint' : 'the published checkpoint';
  switch (p.kind) {
    case 'tampered':
      return `record ${p.id} was altered`;
    case 'missing-before':
      return `record ${p.id} does not follow its predecessor (records before it were deleted or reordered)`;
    case 'head-mismatch':
      return `record ${p.id} is the recorded head, but the chain ends elsewhere (records at the end were deleted)`;
    case 'anchor-unexplained':
      return `the trail starts at record ${p.id}, but no audited purge moved the start there (the oldest records were cut)`;
    case 'checkpoint-missing':
      return `record ${p.id}, named by ${from}, is gone: the trail was cut at or before record ${p.id}`;
    case 'checkpoint-mismatch':
      return `record ${p.id} does not carry the hash ${from} recorded for it: the chain was rebuilt from there`;
    case 'checkpoint-count':
      return `${from} counted ${p.expected} records up to record ${p.id}, only ${p.found} are there or were purged: records were cut`;
    case 'checkpoint-forged':
      return `line ${p.line} of the ${p.source === 'given' ? 'given checkpoint file' : 'checkpoint file'} fails its MAC: refused (forged or damaged)`;
  }
}

audit
  .command('purge')
  .description('delete records older than the retention setting (at least 184 days)')
  .action(async () => {
    await withCli(async ({ gj, ctx, operator }) => {
      const settings = await loadSettings(gj.db);
      const { deleted } = await purgeAudit(gj.db, gj.audit, gj.dialect, settings.auditRetentionDays, gj.clock.now(), ctx, operator);
      console.log(`purged ${deleted} records older than ${settings.auditRetentionDays} days`);
    });
  });

program
  .command('backup')
  .description('online backup of the SQLite database (VACUUM INTO, safe while the server writes), verified; a demo\'s keys and the audit checkpoints travel beside it')
  .requiredOption('--out <file>', 'where to write the copy')
  .action(async (opts: { out: string }) => {
    await withCli(async (cli) => {
      const result = await backupCommand(cli, opts.out);
      console.log(`backup written to ${opts.out} (${result.bytes} bytes, integrity ${result.integrity})${result.carried.length ? `; with it: ${result.carried.join(', ')}` : ''}`);
    });
  });

program
  .command('restore <file>')
  .description('replace the SQLite database with a backup (refused while a server has it open); its keys and checkpoints come with it')
  .action(async (file: string) => {
    try {
      const { replacedKeptAs, carried } = restoreSqlite(process.env, process.env.DATABASE_URL ?? `file:${DEFAULT_SQLITE_FILE}`, file);
      await withCli(async ({ gj, ctx, operator }) => {
        await gj.audit.appendAlone(gj.db, ctx, { action: 'system.restore', username: operator, objectType: 'database', detail: { from: file, replacedKeptAs, carried } });
      });
      console.log(`restored from ${file}${replacedKeptAs.length ? `; what it replaced is kept as ${replacedKeptAs.join(', ')}` : ''}`);
    } catch (err) {
      console.error(`gongjian: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  });

async function unitByCodeOrName(cli: CliContext, text: string) {
  const unit = await cli.gj.db.selectFrom('units').select(['id', 'name', 'path']).where((eb) => eb.or([eb('code', '=', text), eb('name', '=', text)])).executeTakeFirst();
  if (!unit) throw new Error(`no unit with code or name "${text}"`);
  return unit;
}

const importCommand = program.command('import').description('import ledgers');
importCommand
  .command('projects <file>')
  .description('import a project ledger (.xlsx/.xls) into a unit: the same rules as the web page')
  .requiredOption('--unit <codeOrName>', 'the unit the projects belong to')
  .option('--dry-run', 'check every row and report, write nothing')
  .option('--json', 'print one JSON object: rows, created, updated, unchanged, committed, errors')
  .action(async (file: string, opts: { unit: string; dryRun?: boolean; json?: boolean }) => {
    await withCli(async (cli) => {
      const unit = await unitByCodeOrName(cli, opts.unit);
      const bar = progressBar('importing', !opts.json && process.stderr.isTTY);
      bar.update(0, 1);
      const lang = pickLang(process.env.LANG?.replace('_', '-'));
      const report = await importProjects(cli.gj, cli.ctx, readFileSync(file), unit.id, { dryRun: !!opts.dryRun, lang });
      bar.update(1, 1);
      bar.stop();
      if (opts.json) {
        const { rows, created, updated, unchanged, committed, errors } = report;
        console.log(JSON.stringify({ rows, created, updated, unchanged, committed, errors }));
        return;
      }
      console.log(`${opts.dryRun ? 'dry run' : 'imported'} into ${unit.name} from sheet "${report.sheet}": ${report.rows} rows, ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.errors.length} rejected; total ${report.totalInvestmentWan}万元`);
      for (const e of report.errors) console.log(`  row ${e.row} ${e.column}: ${e.message}${e.value ? ` (${e.value})` : ''}`);
    });
  });

importCommand
  .command('dispatch <file>')
  .description('import a monthly dispatch sheet (调度表) for a unit and period: the same rules as the web page; a past period is opened as it goes (taking over history)')
  .requiredOption('--unit <codeOrName>', 'the unit whose projects the sheet reports')
  .requiredOption('--period <YYYY-MM>', 'the month reported')
  .option('--dry-run', 'check every row and report, write nothing')
  .option('--json', 'print, as the last line, one JSON object: rows, matched, created, updated, unchanged, committed, monthWan, cumulativeWan, errors')
  .action(async (file: string, opts: { unit: string; period: string; dryRun?: boolean; json?: boolean }) => {
    await withCli(async (cli) => {
      const unit = await unitByCodeOrName(cli, opts.unit);
      const bar = progressBar('importing', !opts.json && process.stderr.isTTY);
      bar.update(0, 1);
      const lang = pickLang(process.env.LANG?.replace('_', '-'));
      const report = await importDispatch(cli.gj, cli.ctx, readFileSync(file), unit.id, opts.period, { dryRun: !!opts.dryRun, lang });
      bar.update(1, 1);
      bar.stop();
      if (opts.json) {
        const { rows, matched, created, updated, unchanged, committed, monthWan, cumulativeWan, errors } = report;
        console.log(JSON.stringify({ rows, matched, created, updated, unchanged, committed, monthWan, cumulativeWan, errors }));
        return;
      }
      console.log(`${opts.dryRun ? 'dry run' : 'imported'} ${opts.period} for ${unit.name} from sheet "${report.sheet}": ${report.rows} rows, ${report.matched} matched (${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged), ${report.errors.length} rejected; this month ${report.monthWan}万元, cumulative ${report.cumulativeWan}万元`);
      for (const e of report.errors) console.log(`  row ${e.row} ${e.column}: ${e.message}${e.value ? ` (${e.value})` : ''}`);
    });
  });

importCommand
  .command('targets <file>')
  .description("import the city's 目标任务分解表 for a year: one row per unit, one column per indicator; the same rules as the web page, all rows or none")
  .requiredOption('--year <YYYY>', 'the year the targets are for', (v) => {
    if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('a year is four digits, e.g. 2026');
    return Number(v);
  })
  .option('--dry-run', 'check every row and report, write nothing')
  .option('--json', 'print one JSON object: rows, units, committed, errors')
  .action(async (file: string, opts: { year: number; dryRun?: boolean; json?: boolean }) => {
    await withCli(async (cli) => {
      const lang = pickLang(process.env.LANG?.replace('_', '-'));
      const report = await importTargets(cli.gj, cli.ctx, readFileSync(file), opts.year, { dryRun: !!opts.dryRun, lang });
      // A rejected row means nothing was written: the exit code says so to scripts.
      if (report.errors.length) process.exitCode = 1;
      if (opts.json) {
        const { rows, units, committed, errors } = report;
        console.log(JSON.stringify({ rows, units, committed, errors }));
        return;
      }
      const outcome = report.errors.length ? 'nothing written' : opts.dryRun ? `dry run: ${report.changed} targets would change` : `${report.changed} targets changed`;
      console.log(`targets ${opts.year} from sheet "${report.sheet}": ${report.rows} rows, ${report.units} units, ${report.errors.length} rejected; ${outcome}, ${report.unchanged} unchanged`);
      for (const e of report.errors) console.log(`  row ${e.row} ${e.column}: ${e.message}${e.value ? ` (${e.value})` : ''}`);
    });
  });

importCommand
  .command('returns <file>')
  .description("import a quarter's (or, where units file monthly, a month's) output, tax and jobs of producing projects (the tax or statistics bureau's sheet): matched by credit code, else project code, else name; all rows or none")
  .requiredOption('--period <YYYY-Qn|YYYY-MM>', 'the quarter the figures are for, e.g. 2026-Q3, or the month, e.g. 2026-08', (v) => {
    if (!isFilingPeriod(v)) throw new InvalidArgumentError('a quarter is written YYYY-Qn (2026-Q3), a month YYYY-MM (2026-08), of the years 2000–2100');
    return v;
  })
  .option('--unit <codeOrName>', "match only the projects of this unit and its subtree")
  .option('--dry-run', 'check every row and report, write nothing')
  .option('--json', 'print one JSON object: rows, matched, committed, errors')
  .action(async (file: string, opts: { period: string; unit?: string; dryRun?: boolean; json?: boolean }) => {
    await withCli(async (cli) => {
      const unit = opts.unit ? await unitByCodeOrName(cli, opts.unit) : undefined;
      const bar = progressBar('importing', !opts.json && process.stderr.isTTY);
      bar.update(0, 1);
      const lang = pickLang(process.env.LANG?.replace('_', '-'));
      const report = await importReturns(cli.gj, cli.ctx, readFileSync(file), { period: opts.period, unitId: unit?.id, dryRun: !!opts.dryRun, lang });
      bar.update(1, 1);
      bar.stop();
      // A rejected row means nothing was written: the exit code says so to scripts.
      if (report.errors.length) process.exitCode = 1;
      if (opts.json) {
        const { rows, matched, committed, errors } = report;
        console.log(JSON.stringify({ rows, matched, committed, errors }));
        return;
      }
      const outcome = report.errors.length ? 'nothing written' : opts.dryRun ? 'dry run, nothing written' : `${report.created} filed, ${report.updated} corrected, ${report.unchanged} unchanged`;
      console.log(`returns ${opts.period}${unit ? ` for ${unit.name}` : ''}: ${report.rows} rows, ${report.matched} matched, ${report.errors.length} rejected; ${outcome}`);
      for (const e of report.errors) console.log(`  row ${e.row} ${e.column}: ${e.message}${e.value ? ` (${e.value})` : ''}`);
    });
  });

const exportCommand = program.command('export').description('export ledgers');
exportCommand
  .command('projects')
  .description('export the project ledger to .xlsx (streamed; a unit and its subtree, or the whole city)')
  .requiredOption('--out <file>')
  .option('--unit <codeOrName>')
  .action(async (opts: { out: string; unit?: string }) => {
    await withCli(async (cli) => {
      const unit = opts.unit ? await unitByCodeOrName(cli, opts.unit) : null;
      const total = Number((await cli.gj.db.selectFrom('projects').innerJoin('units', 'units.id', 'projects.host_unit_id').select((eb) => eb.fn.countAll().as('n')).where('units.path', 'like', `${unit?.path ?? '/'}%`).executeTakeFirstOrThrow()).n);
      const bar = progressBar('exporting');
      const out = createWriteStream(opts.out);
      const done = new Promise<void>((resolve, reject) => {
        out.on('finish', resolve);
        out.on('error', reject);
      });
      const all = { all: true, unitIds: [], self: false, userId: 0 };
      const written = await writeProjectsXlsx(out, cli.gj.db, cli.gj.dialect, all, unit ? { unitId: unit.id } : {}, { lang: 'zh-CN', onProgress: (n) => bar.update(n, Math.max(total, n)) });
      await done;
      bar.stop();
      await cli.gj.audit.appendAlone(cli.gj.db, cli.ctx, { action: 'project.export', username: cli.operator, objectType: 'project', detail: { out: opts.out, unit: unit?.name ?? null, rows: written } });
      console.log(`exported ${written} projects to ${opts.out}`);
    });
  });

const demo = program.command('demo').description('demo and benchmark data');
demo
  .command('generate')
  .description('fill the ledger with realistic generated projects (for benchmarks)')
  .requiredOption('--projects <n>', 'how many', positiveInt)
  .option('--seed <n>', 'random seed', positiveInt, 2023)
  .action(async (opts: { projects: number; seed: number }) => {
    await withCli(async (cli) => {
      const bar = progressBar('generating');
      const t0 = Date.now();
      await generateProjects(cli.gj.db, opts.projects, { seed: opts.seed, onProgress: bar.update });
      bar.stop();
      await cli.gj.audit.appendAlone(cli.gj.db, cli.ctx, { action: 'system.demo-generate', username: cli.operator, objectType: 'project', detail: { projects: opts.projects, seed: opts.seed } });
      console.log(`generated ${opts.projects} projects in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
  });

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a positive whole number');
  return n;
}

await program.parseAsync(process.argv);
