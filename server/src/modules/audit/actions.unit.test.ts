import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, REQUEST_ONLY_ACTIONS, ROUTE_ACTIONS, auditActionKey } from '../../../../common/audit.js';

/**
 * The audit trail is shown in words: every action code the server can write is in common/audit.ts
 * and has words in both locales. The codes are found in the server's source (every `action:` and
 * `objectType:` property), so a new code without words fails here, not on the auditor's screen.
 */

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The strings an expression can be, when it is made of literals, conditionals and templates over them; null otherwise. */
function values(e: ts.Expression): string[] | null {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isParenthesizedExpression(e)) return values(e.expression);
  if (ts.isConditionalExpression(e)) {
    const [a, b] = [values(e.whenTrue), values(e.whenFalse)];
    return a && b ? [...a, ...b] : null;
  }
  if (ts.isTemplateExpression(e)) {
    let out = [e.head.text];
    for (const span of e.templateSpans) {
      const inner = values(span.expression);
      if (!inner) return null;
      out = out.flatMap((prefix) => inner.map((v) => prefix + v + span.literal.text));
    }
    return out;
  }
  return null;
}

/** `action:` properties that are not codes: the fallback's request line, and places that pass a code along. */
const NOT_CODES = new Set([
  'server/src/app.ts: `${request.method} ${request.routeOptions.url ?? request.url}`',
  'server/src/modules/account/service.ts: options.action',
  'server/src/modules/audit/routes.ts: r.action',
  'server/src/modules/audit/routes.ts: r.object_type',
  'server/src/modules/audit/schema.ts: z.string()',
  'server/src/modules/audit/schema.ts: z.string().nullable()',
  'server/src/modules/audit/schema.ts: z.string().trim().max(64).optional()',
  'server/src/platform/audit.ts: entry.action',
]);

function scan() {
  const found = { action: new Set<string>(), objectType: new Set<string>() };
  const unknown: string[] = [];
  for (const file of sourceFiles('server/src')) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && (node.name.text === 'action' || node.name.text === 'objectType')) {
        const vs = values(node.initializer);
        const where = `${file.replaceAll('\\', '/')}: ${node.initializer.getText()}`;
        if (vs) for (const v of vs) found[node.name.text].add(v);
        else if (!NOT_CODES.has(where)) unknown.push(where);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { ...found, unknown };
}

const locales = {
  'zh-CN': JSON.parse(readFileSync('web/src/locales/zh-CN/common.json', 'utf8')) as { auditAction: Record<string, string>; audit: { objectTypes: Record<string, string> } },
  'en-US': JSON.parse(readFileSync('web/src/locales/en-US/common.json', 'utf8')) as { auditAction: Record<string, string>; audit: { objectTypes: Record<string, string> } },
};

describe('audit actions in words', () => {
  const scanned = scan();

  it('knows every action code and object type the server writes', () => {
    // An `action:` the scan cannot read (a variable): name it in NOT_CODES, and make sure its codes are literals elsewhere.
    expect(scanned.unknown).toEqual([]);
    expect(scanned.action.size).toBeGreaterThan(100);
    // Codes of other `action:` properties (a policy's 'update') have no dot and are not audit codes.
    const codes = [...scanned.action].filter((a) => a.includes('.'));
    expect(codes.filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    expect([...scanned.objectType].filter((o) => !(AUDIT_OBJECT_TYPES as readonly string[]).includes(o))).toEqual([]);
  });

  it('has words for every action, request and object type in both languages, and no words for codes that do not exist', () => {
    const worded = new Set([...AUDIT_ACTIONS, ...REQUEST_ONLY_ACTIONS, ...Object.values(ROUTE_ACTIONS).map(([a]) => a)].map(auditActionKey));
    for (const [lang, catalog] of Object.entries(locales)) {
      expect([...worded].filter((k) => !catalog.auditAction[k]), lang).toEqual([]);
      expect(Object.keys(catalog.auditAction).filter((k) => !worded.has(k)), lang).toEqual([]);
      expect(AUDIT_OBJECT_TYPES.filter((o) => !catalog.audit.objectTypes[o]), lang).toEqual([]);
    }
  });

  it('names a route\'s :id only where the route has one', () => {
    for (const [route, [, kind]] of Object.entries(ROUTE_ACTIONS)) expect(kind === null || route.includes('/:id'), route).toBe(true);
  });
});
