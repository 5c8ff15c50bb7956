import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Boundaries (docs/security.md, design guide "Rules of thumb"): `platform/` and `db/` never import
 * `modules/`; a migration imports only kysely and its own frozen helpers; a module reaches another
 * only through that module's public entry (`modules/<m>/index.ts`); no import cycles.
 */
const MODULES = readdirSync(new URL('./server/src/modules/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const layerZones = [
  {
    target: './server/src/platform',
    from: './server/src/modules',
    message: 'platform/ is below the modules: register into it (jobs, routes) instead of importing a module.',
  },
  { target: './server/src/db', from: './server/src/modules', message: 'db/ never imports modules/.' },
];

/** One zone per module: every other module is off limits except its public entry. */
function moduleEntryZones() {
  return MODULES.map((m) => ({
    target: `./server/src/modules/${m}`,
    from: './server/src/modules',
    except: [`./${m}`, ...MODULES.filter((other) => other !== m).map((other) => `./${other}/index.ts`)],
    message: `modules reach each other only through the other module's index.ts (modules/<m>/index.ts).`,
  }));
}

export default tseslint.config(
  // lint-fixtures break the rules on purpose; server/test/lint-boundaries.unit.test.ts lints them.
  { ignores: ['node_modules/', 'web/dist/', 'coverage/', 'screenshots/', 'data/', '.tmp/', 'server/test/lint-fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['server/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...moduleEntryZones()] }],
      // Type-only imports are erased at run time and do not count as a cycle.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // A migration must compute tomorrow what it computed the day it was written: kysely, the
    // Portable type it is handed, and its own frozen copies under migrations/frozen/ — nothing live.
    files: ['server/src/db/migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!kysely$|\\.\\./portable\\.js$|\\./frozen/|\\.\\./frozen/)',
              message: 'A migration imports only kysely and its frozen helpers (db/migrations/frozen/): copy what it needs there.',
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations build schemas for two dialects through Kysely's untyped builder.
    files: ['server/src/db/migrations/**/*.ts', 'server/src/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
