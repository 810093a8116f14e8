// Partial ISO dates ("2014", "2014-08", "2014-08-08") compared as the spans they stand for.

/** The first day a partial date can mean. */
export function earliest(date: string): string {
  if (date.length === 4) return `${date}-01-01`;
  if (date.length === 7) return `${date}-01`;
  return date.slice(0, 10);
}

/** The last day a partial date can mean. */
export function latest(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) {
    const [y, m] = date.split('-').map(Number) as [number, number];
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${date}-${String(days).padStart(2, '0')}`;
  }
  return date.slice(0, 10);
}

/** "2019-12" for any date within December 2019. */
export function monthOf(date: string): string | undefined {
  return date.length >= 7 ? date.slice(0, 7) : undefined;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
