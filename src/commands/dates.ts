// The as_of option: people type "2019", "Dec 2019", "31 December 2019" or "2019-12-31".
import { isRealPartialDate } from '../catalog/schema.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD), or undefined when it is not a date. */
export function parseAsOf(text: string): string | undefined {
  const t = text.trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ');
  let iso: string | undefined;
  const isoMatch = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/.exec(t);
  if (isoMatch) {
    const [, y, m, d] = isoMatch;
    iso = [y, m?.padStart(2, '0'), d?.padStart(2, '0')].filter((x) => x !== undefined).join('-');
  } else {
    const words = /^(?:(\d{1,2}) )?([a-z]{3,9})\.? (\d{4})$/.exec(t);
    if (words) {
      const [, d, mon, y] = words;
      // A full name, its first three letters, or "sept".
      const mi = MONTHS.findIndex((m) => m === mon || m.slice(0, 3) === mon || (mon === 'sept' && m === 'september'));
      if (mi >= 0) {
        iso = `${y}-${String(mi + 1).padStart(2, '0')}${d === undefined ? '' : `-${d.padStart(2, '0')}`}`;
      }
    }
  }
  return iso !== undefined && isRealPartialDate(iso) ? iso : undefined;
}
