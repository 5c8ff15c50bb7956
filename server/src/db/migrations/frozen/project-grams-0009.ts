/**
 * FROZEN for migration 0009: the project search grams exactly as `modules/projects/grams.ts`
 * computed them when 0009 was written (commit cfd3c14): lower-cased character bigrams of the name
 * and of the investor, each field on its own. Never import this from live code, never edit it.
 */

function textGrams(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

export function projectGrams0009(name: string, investor: string | null | undefined): string[] {
  return [...new Set([...textGrams(name), ...textGrams(investor ?? '')])];
}
