import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dueOccurrences, isCalendarDate, nextOccurrence, occurrenceOn, RECURRENCE_PERIODS } from '../../../shared/domain/recurrence';

const dates = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('recurrence dates', () => {
  it('steps weeks by seven days, across month and year ends', () => {
    const r = { every: 'week' as const, startsOn: '2026-12-24' };
    expect([0, 1, 2, 3].map((n) => occurrenceOn(r, n))).toEqual(['2026-12-24', '2026-12-31', '2027-01-07', '2027-01-14']);
  });

  it('keeps a monthly day, clamped to the end of shorter months and back after them', () => {
    const r = { every: 'month' as const, startsOn: '2027-01-31' };
    expect([0, 1, 2, 3, 12, 13].map((n) => occurrenceOn(r, n))).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2028-01-31',
      '2028-02-29',
    ]);
  });

  it('falls on Feb 28 in common years for a yearly template started on Feb 29', () => {
    const r = { every: 'year' as const, startsOn: '2028-02-29' };
    expect([0, 1, 4].map((n) => occurrenceOn(r, n))).toEqual(['2028-02-29', '2029-02-28', '2032-02-29']);
  });

  it('ends after endsOn', () => {
    const r = { every: 'month' as const, startsOn: '2027-01-15', endsOn: '2027-03-15' };
    expect([0, 1, 2, 3].map((n) => nextOccurrence(r, n))).toEqual(['2027-01-15', '2027-02-15', '2027-03-15', null]);
  });

  it('lists what is due by a day, from the occurrences not yet made, at most the limit', () => {
    const r = { every: 'month' as const, startsOn: '2027-01-15' };
    expect(dueOccurrences(r, 0, '2027-04-01', 10)).toEqual([
      { n: 0, on: '2027-01-15' },
      { n: 1, on: '2027-02-15' },
      { n: 2, on: '2027-03-15' },
    ]);
    expect(dueOccurrences(r, 2, '2027-04-01', 10)).toEqual([{ n: 2, on: '2027-03-15' }]);
    expect(dueOccurrences(r, 3, '2027-04-01', 10)).toEqual([]);
    expect(dueOccurrences(r, 0, '2027-04-01', 2)).toHaveLength(2);
    expect(dueOccurrences(r, 0, '2027-01-14', 10)).toEqual([]);
  });

  it('tells calendar dates from strings that only look like one', () => {
    expect(['2027-02-28', '2028-02-29', '2027-12-31'].map(isCalendarDate)).toEqual([true, true, true]);
    expect(['2027-02-29', '2027-13-01', '2027-04-31', '2027-1-01', 'x'].map(isCalendarDate)).toEqual([false, false, false, false, false]);
  });

  it('gives strictly increasing real dates, never earlier than the start, within one period of each other', () => {
    fc.assert(
      fc.property(dates, fc.constantFrom(...RECURRENCE_PERIODS), fc.integer({ min: 0, max: 200 }), (startsOn, every, n) => {
        const r = { every, startsOn };
        const [a, b] = [occurrenceOn(r, n), occurrenceOn(r, n + 1)];
        expect(isCalendarDate(a) && isCalendarDate(b)).toBe(true);
        expect(a >= startsOn && b > a).toBe(true);
        const gapDays = (Date.parse(b) - Date.parse(a)) / 86_400_000;
        const [min, max] = every === 'week' ? [7, 7] : every === 'month' ? [28, 31] : [365, 366];
        expect(gapDays).toBeGreaterThanOrEqual(min - 3); // a clamped month may be followed by a longer step back
        expect(gapDays).toBeLessThanOrEqual(max + 3);
      }),
    );
  });

  it('makes catching up in runs of any size list the same occurrences as one run', () => {
    fc.assert(
      fc.property(dates, fc.constantFrom(...RECURRENCE_PERIODS), fc.integer({ min: 1, max: 5 }), (startsOn, every, limit) => {
        const r = { every, startsOn };
        const today = occurrenceOn(r, 9);
        const all = dueOccurrences(r, 0, today, 100);
        const inRuns: string[] = [];
        for (let made = 0; ; ) {
          const run = dueOccurrences(r, made, today, limit);
          if (run.length === 0) break;
          inRuns.push(...run.map((o) => o.on));
          made += run.length;
        }
        expect(inRuns).toEqual(all.map((o) => o.on));
        expect(all).toHaveLength(10);
      }),
    );
  });
});
