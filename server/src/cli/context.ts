import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { loadConfig, type AppConfig } from '../config.js';
import { openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import type { RequestContext } from '../platform/context.js';
import { createServices } from '../platform/services.js';
import type { Services } from '../platform/http.js';

/** What a CLI command works with: the same services the server has, and an audit identity. */
export interface CliContext {
  gj: Services;
  ctx: RequestContext;
  operator: string;
  close(): Promise<void>;
}

export async function openCli(options: { migrate?: boolean; config?: AppConfig } = {}): Promise<CliContext> {
  const config = options.config ?? loadConfig();
  const database: Database = openDatabase(config.databaseUrl, { lockWaitMs: config.lockWaitMs });
  if (options.migrate !== false) await migrate(database, () => config.clock.now());
  const gj: Services = createServices(config, database);
  const operator = `cli:${userInfo().username}`;
  return {
    gj,
    operator,
    // CLI work is recorded under the operating-system account that ran it.
    ctx: { actor: null, ip: 'cli', requestId: randomUUID(), lang: 'zh-CN', userAgent: 'gongjian-cli', system: true },
    close: () => database.close(),
  };
}

/** A progress bar on a terminal; silent when output is piped (CI logs, --json). */
export function progressBar(label: string, enabled = process.stderr.isTTY): { update(done: number, total: number): void; stop(): void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Reads a secret: from standard input when piped, else a prompt that does not echo. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
