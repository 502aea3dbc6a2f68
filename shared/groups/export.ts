/**
 * The rows of a group's CSV export: one per expense and share, amounts as decimal strings
 * in the group currency. Pure, so the spreadsheet guard is tested without a table.
 */
import { type Currency, formatAmount, toMinor } from '../domain/money';
import { type ExpenseItem, payersOf } from './expenses';

export const EXPORT_HEADER = [
  'expenseId',
  'createdAt',
  'status',
  'description',
  'amount',
  'currency',
  'paidBy',
  'tags',
  'note',
  'userId',
  'share',
] as const;

/**
 * A cell a member typed that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * carriage return first: OWASP "CSV injection") gets a leading apostrophe, so it opens as
 * the text it was. Only free text goes through it; ids, dates and amounts are ours.
 */
export function asSpreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function expenseRows(expenses: readonly ExpenseItem[], currency: Currency): string[][] {
  const money = (v: number | bigint) => formatAmount(toMinor(v), currency);
  return expenses.flatMap((e) => {
    const paidBy = payersOf(e)
      .map((p) => `${p.userId}:${money(p.amountMinor)}`)
      .join(' ');
    const common = [
      e.id,
      e.createdAt,
      e.status,
      asSpreadsheetText(e.description),
      money(e.amountMinor),
      e.currency,
      paidBy,
      asSpreadsheetText(e.tags.join(' ')),
      asSpreadsheetText(e.note ?? ''),
    ];
    return e.shares.map((s) => [...common, s.userId, money(s.amountMinor)]);
  });
}
