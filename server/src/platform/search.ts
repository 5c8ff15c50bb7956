import { pinyin } from 'pinyin-pro';

/** Lower-case pinyin initials of the name and the investor: what `zcdl` finds `中船动力` by. */
export function searchInitials(...texts: (string | null | undefined)[]): string {
  return texts
    .filter(Boolean)
    .map((t) => pinyin(t!, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join(' ')
    .slice(0, 400);
}
