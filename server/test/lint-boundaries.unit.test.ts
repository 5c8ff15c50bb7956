import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The boundaries of the design guide are enforced by `npm run lint`; these prove the rules bite,
 * so a later edit of eslint.config.js cannot quietly switch them off.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('lint boundaries', () => {
  it('refuses platform/ or db/ importing a module', async () => {
    expect(await ruleIds("import { escalateOverdueHandoffs } from '../modules/leads/service.js';\nexport const x = escalateOverdueHandoffs;\n", 'server/src/platform/fixture.ts')).toContain('import-x/no-restricted-paths');
    expect(await ruleIds("import { auditQuery } from '../modules/audit/repo.js';\nexport const x = auditQuery;\n", 'server/src/db/fixture.ts')).toContain('import-x/no-restricted-paths');
    expect(await ruleIds("import { hmacSm3 } from './crypto.js';\nexport const x = hmacSm3;\n", 'server/src/platform/fixture.ts')).toEqual([]);
  });

  it('refuses a migration importing live code, and lets it use kysely and its frozen helpers', async () => {
    const live = "import type { Kysely } from 'kysely';\nimport { textGrams } from '../../modules/projects/grams.js';\nexport const x = (db: Kysely<never>) => [db, textGrams];\n";
    expect(await ruleIds(live, 'server/src/db/migrations/9999_fixture.ts')).toContain('no-restricted-imports');
    const platform = "import { hmacSm3 } from '../../platform/crypto.js';\nexport const x = hmacSm3;\n";
    expect(await ruleIds(platform, 'server/src/db/migrations/9999_fixture.ts')).toContain('no-restricted-imports');
    const frozen = "import type { Kysely } from 'kysely';\nimport { projectGrams0009 } from './frozen/project-grams-0009.js';\nimport type { Portable } from '../portable.js';\nexport const x = (db: Kysely<never>, p: Portable) => [db, p, projectGrams0009];\n";
    expect(await ruleIds(frozen, 'server/src/db/migrations/9999_fixture.ts')).toEqual([]);
  });

  it("refuses a module reaching into another module's files instead of its index.ts", async () => {
    expect(await ruleIds("import { auditQuery } from '../audit/repo.js';\nexport const x = auditQuery;\n", 'server/src/modules/saved-filters/fixture.ts')).toContain('import-x/no-restricted-paths');
    expect(await ruleIds("import { listSavedFilters } from '../saved-filters/repo.js';\nexport const x = listSavedFilters;\n", 'server/src/modules/audit/fixture.ts')).toContain('import-x/no-restricted-paths');
  });

  it('fails on an import cycle', async () => {
    const results = await eslint.lintFiles([`${root}server/test/lint-fixtures/cycle-a.ts`]);
    expect(results[0]!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
