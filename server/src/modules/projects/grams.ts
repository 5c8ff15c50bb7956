import { sql, type ExpressionBuilder, type Expression, type SqlBool, type Transaction, type Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { containsText } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';


/**
 * The search index of the ledger: every two-character sequence (bigram) of a project's name and
 * investor, lower-cased, one row each. A 2-character query is then an index lookup instead of a
 * LIKE over every project in scope — the same on both databases (pg_trgm cannot serve 2
 * characters; SQLite has no trigram index at all). Longer queries intersect their bigrams and
 * confirm with LIKE, so the answer is exactly what a substring search gives.
 */
export function textGrams(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/**
 * Grams of each field separately: a bigram across the end of the name and the start of the
 * investor is not a substring of either. Codes and pinyin initials are not indexed: their
 * alphabets are tiny (digits, 26 letters), so their bigrams are in most projects and an index
 * of them is slower than reading a district's rows (measured: pinyin search 24 → 45 ms at 100k).
 */
export function projectGrams(name: string, investor: string | null | undefined): string[] {
  return [...new Set([...textGrams(name), ...textGrams(investor ?? '')])];
}

const CHUNK = 2000;

/** (Re)writes the grams of these projects; call in the same transaction as the name/investor write. */
export async function writeProjectGrams(db: Transaction<DB> | Kysely<DB>, projects: { id: number; name: string; investor: string | null | undefined }[], replace = true): Promise<void> {
  if (!projects.length) return;
  if (replace) {
    for (let i = 0; i < projects.length; i += CHUNK) {
      await db.deleteFrom('project_grams').where('project_id', 'in', projects.slice(i, i + CHUNK).map((p) => p.id)).execute();
    }
  }
  const rows = projects.flatMap((p) => projectGrams(p.name, p.investor).map((gram) => ({ gram, project_id: p.id })));
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('project_grams').values(rows.slice(i, i + CHUNK)).execute();
}

/** Ids of the projects having every one of these grams (one index range per gram). */
function havingGrams(eb: ExpressionBuilder<DB, 'projects'>, grams: string[]) {
  return grams.length === 1
    ? eb.selectFrom('project_grams').select('project_grams.project_id').where('project_grams.gram', '=', grams[0]!)
    : eb
        .selectFrom('project_grams')
        .select('project_grams.project_id')
        .where('project_grams.gram', 'in', grams)
        .groupBy('project_grams.project_id')
        .having(sql`count(*)`, '=', grams.length);
}

/**
 * Projects whose name or investor contain `text`: ids from the gram index, confirmed by LIKE when
 * the text is longer than one bigram (a 1-character text falls back to LIKE alone).
 */
export function nameOrInvestorContains(eb: ExpressionBuilder<DB, 'projects'>, text: string, dialect: Dialect): Expression<SqlBool> {
  const grams = textGrams(text);
  const byLike = eb.or([containsText('projects.name', text, dialect), containsText('projects.investor_name', text, dialect)]);
  if (!grams.length) return byLike;
  const indexed = eb('projects.id', 'in', havingGrams(eb, grams));
  return [...text].length === 2 ? indexed : eb.and([indexed, byLike]);
}
