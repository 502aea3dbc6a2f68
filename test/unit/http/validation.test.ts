import { describe, expect, it } from 'vitest';
import { zodErrors } from '../../../shared/http/handler';
import { CreateAccountRequestSchema, CreateTransferRequestSchema } from '../../../shared/ledger/schemas';
import { SkuSchema } from '../../../shared/shop/schemas';

describe('validation errors', () => {
  it('name each invalid field with an English explanation, unknown fields included', () => {
    const parsed = CreateTransferRequestSchema.safeParse({ fromAccountId: 'a b', amount: 5, currency: 'XXX', admin: true });
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : zodErrors(parsed.error)).toEqual([
      { path: 'fromAccountId', message: 'not a valid id' },
      { path: 'toAccountId', message: 'Invalid input: expected string, received undefined' },
      { path: 'amount', message: 'Invalid input: expected string, received number' },
      { path: 'currency', message: expect.stringMatching(/^Invalid option: expected one of "EUR"/) },
      { path: '(body)', message: 'Unrecognized key: "admin"' },
    ]);
  });

  it('trims text before checking its length', () => {
    expect(CreateAccountRequestSchema.safeParse({ currency: 'EUR', name: '   ' }).success).toBe(false);
    expect(CreateAccountRequestSchema.parse({ currency: 'EUR', name: '  Savings ' })).toEqual({ currency: 'EUR', name: 'Savings' });
  });

  it('refuses a sku made only of dots, which a URL path would resolve away', () => {
    for (const sku of ['.', '..', '...']) expect(SkuSchema.safeParse(sku).success, sku).toBe(false);
    for (const sku of ['tea.green', '.hidden', 'a..b', '-', '_']) expect(SkuSchema.safeParse(sku).success, sku).toBe(true);
  });
});
