#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or older than its sources, then serves
// everything (API and pages) from one process on http://127.0.0.1:3000.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const built = 'web/dist/index.html';
const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(newest('web/src'), newest('common'));
if (stale) {
  console.log('building the web app…');
  const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawnSync('npx', ['tsx', 'server/src/main.ts'], { stdio: 'inherit', env: process.env });
process.exit(server.status ?? 0);
