import { describe, expect, it } from 'vitest';
import type { ExpenseItem } from '../../../shared/groups/expenses';
import { asSpreadsheetText, EXPORT_HEADER, expenseRows } from '../../../shared/groups/export';

const expense = (over: Partial<ExpenseItem>): ExpenseItem => ({
  id: 'e1',
  groupId: 'g',
  status: 'COMPLETED',
  description: 'Dinner',
  amountMinor: 1001n,
  currency: 'EUR',
  paidBy: 'a',
  splitType: 'equal',
  shares: [
    { userId: 'a', amountMinor: 501n },
    { userId: 'b', amountMinor: 500n },
  ],
  note: null,
  tags: ['food', 'trip'],
  createdBy: 'a',
  createdAt: '2026-01-02T03:04:05.000Z',
  ...over,
});

describe('the CSV export rows', () => {
  it('has a row per share, with the expense columns repeated and amounts as decimal strings', () => {
    const rows = expenseRows([expense({})], 'EUR');
    expect(rows).toEqual([
      ['e1', '2026-01-02T03:04:05.000Z', 'COMPLETED', 'Dinner', '10.01', 'EUR', 'a:10.01', 'food trip', '', 'a', '5.01'],
      ['e1', '2026-01-02T03:04:05.000Z', 'COMPLETED', 'Dinner', '10.01', 'EUR', 'a:10.01', 'food trip', '', 'b', '5.00'],
    ]);
    expect(rows.every((r) => r.length === EXPORT_HEADER.length)).toBe(true);
  });

  it('lists several payers with what each paid', () => {
    const [row] = expenseRows(
      [
        expense({
          payers: [
            { userId: 'a', amountMinor: 601n },
            { userId: 'b', amountMinor: 400n },
          ],
        }),
      ],
      'EUR',
    );
    expect(row?.[6]).toBe('a:6.01 b:4.00');
  });

  it('opens free text a spreadsheet would run as a formula as text', () => {
    const [row] = expenseRows([expense({ description: '=1+1', note: '@SUM(A1)', tags: ['-2'] })], 'EUR');
    expect([row?.[3], row?.[7], row?.[8]]).toEqual(["'=1+1", "'-2", "'@SUM(A1)"]);
  });

  it.each(['=cmd', '+1', '-1', '@x', '\tx', '\rx'])('guards %j', (text) => {
    expect(asSpreadsheetText(text)).toBe(`'${text}`);
  });

  it.each(['Dinner', '1+1', 'a=b', '', "'quoted"])('leaves %j as it is', (text) => {
    expect(asSpreadsheetText(text)).toBe(text);
  });
});
