import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIGHT_LEVELS, LIST_LEVELS, WARNING_KINDS } from '../../../common/dispatch';
import { CHAIN_SEGMENTS, ENTERPRISE_TAGS } from '../../../common/key-enterprises';
import { ACTIVITY_TYPES, ARBITRATION_DECISIONS, FOLLOWUP_KINDS, HANDOFF_STATES, LEAD_SOURCES, LEAD_STATUSES } from '../../../common/leads';
import { ADMIN_KINDS, DATA_SCOPES, PERMISSION_GROUPS, UNIT_KINDS } from '../../../common/permissions';
import { EVIDENCE_KINDS, EVIDENCE_STATUSES, PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../../common/problems';
import { CATEGORIES, CHAIN_ROLES, NATURES, PROJECT_STATUSES, STAGES } from '../../../common/projects';
import { SETTINGS } from '../../../common/settings';
import { INDICATOR_UNITS } from '../../../common/targets';

/**
 * Every code the pages show through a dictionary has words in both languages: a code added to
 * common/ without them would otherwise reach the screen as a key (`settings.key.problemDaysLand`).
 */
const DICTIONARIES: [string, readonly string[]][] = [
  ['stage', STAGES],
  ['projects.status', PROJECT_STATUSES],
  ['projects.chainRole', CHAIN_ROLES],
  ['projects.nature', NATURES],
  ['projects.category', CATEGORIES],
  ['leads.status', LEAD_STATUSES],
  ['leads.source', LEAD_SOURCES],
  ['leads.followup', FOLLOWUP_KINDS],
  ['handoffs.states', HANDOFF_STATES],
  ['conflicts.decision', ARBITRATION_DECISIONS],
  ['activities.type', ACTIVITY_TYPES],
  ['problems.status', PROBLEM_STATUSES],
  ['problems.category', PROBLEM_CATEGORIES],
  ['evidence.kind', EVIDENCE_KINDS],
  ['evidence.status', EVIDENCE_STATUSES],
  ['dispatch.light', LIGHT_LEVELS],
  ['dispatch.level', LIST_LEVELS],
  ['dispatch.kind', WARNING_KINDS],
  ['keyLists.segment', CHAIN_SEGMENTS],
  ['keyLists.tag', ENTERPRISE_TAGS],
  ['unitKind', UNIT_KINDS],
  ['dataScope', DATA_SCOPES],
  ['adminKind', ADMIN_KINDS],
  ['perm', Object.values(PERMISSION_GROUPS).flat()],
  ['permGroup', Object.keys(PERMISSION_GROUPS)],
  ['settings.key', Object.keys(SETTINGS)],
  ['targets.unitOf', INDICATOR_UNITS],
];

function at(catalog: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), catalog);
}

describe('dictionaries in words', () => {
  for (const lang of ['zh-CN', 'en-US']) {
    it(`has words for every code in ${lang}`, () => {
      const catalog = JSON.parse(readFileSync(`web/src/locales/${lang}/common.json`, 'utf8')) as unknown;
      const missing = DICTIONARIES.flatMap(([prefix, codes]) => codes.filter((code) => typeof (at(catalog, prefix) as Record<string, unknown> | undefined)?.[code] !== 'string').map((code) => `${prefix}.${code}`));
      expect(missing).toEqual([]);
    });
  }
});
