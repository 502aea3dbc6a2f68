/**
 * When a recurring expense falls due. Pure, in UTC calendar dates (`YYYY-MM-DD`): the n-th
 * occurrence (n = 0 is the start) is counted from the start date, never from the one before,
 * so a monthly template started on the 31st falls on the last day of shorter months and
 * returns to the 31st after them (Jan 31, Feb 28, Mar 31), and a yearly one started on
 * Feb 29 falls on Feb 28 in common years.
 */

export const RECURRENCE_PERIODS = ['week', 'month', 'year'] as const;
export type Period = (typeof RECURRENCE_PERIODS)[number];

export interface Recurrence {
  readonly every: Period;
  /** The first occurrence. */
  readonly startsOn: string;
  /** The last day an occurrence may fall on (inclusive); none: for ever. */
  readonly endsOn?: string | null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date (2026-02-30 is not). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo - 1);
}

const daysIn = (year: number, monthIndex: number): number => new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();

const format = (year: number, monthIndex: number, day: number): string =>
  new Date(Date.UTC(year, monthIndex, day)).toISOString().slice(0, 10);

/** The n-th occurrence's date (n ≥ 0). */
export function occurrenceOn(r: Pick<Recurrence, 'every' | 'startsOn'>, n: number): string {
  const m = DATE.exec(r.startsOn);
  if (!m || !Number.isInteger(n) || n < 0) throw new Error(`Invariant: occurrence ${n} of ${r.startsOn}`);
  const [year, monthIndex, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  if (r.every === 'week') return format(year, monthIndex, day + 7 * n);
  const months = r.every === 'month' ? n : 12 * n;
  const targetYear = year + Math.floor((monthIndex + months) / 12);
  const targetMonth = (monthIndex + months) % 12;
  return format(targetYear, targetMonth, Math.min(day, daysIn(targetYear, targetMonth)));
}

/** The next occurrence after the first `made`, or null once the template has ended. */
export function nextOccurrence(r: Recurrence, made: number): string | null {
  const on = occurrenceOn(r, made);
  return r.endsOn && on > r.endsOn ? null : on;
}

/**
 * The occurrences due by `today` (inclusive) after the first `made`, at most `limit` of
 * them (a template left unvisited for long catches up over several runs): their index
 * and date. Each is created once, keyed by the template and its date.
 */
export function dueOccurrences(r: Recurrence, made: number, today: string, limit: number): { n: number; on: string }[] {
  const due: { n: number; on: string }[] = [];
  for (let n = made; due.length < limit; n += 1) {
    const on = nextOccurrence(r, n);
    if (on === null || on > today) break;
    due.push({ n, on });
  }
  return due;
}
