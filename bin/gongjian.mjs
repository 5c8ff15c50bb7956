#!/usr/bin/env node
// The `gongjian` command: runs the TypeScript CLI through tsx, so no build step stands between
// a fresh clone and a working command.
import { register } from 'tsx/esm/api';

register();
await import('../server/src/cli/index.ts');
