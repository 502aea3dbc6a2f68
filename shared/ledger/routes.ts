/** Route contracts of wallets and transfers (see shared/http/contract.ts). */
import { defineRoute } from '../http/contract';
import { ListQuerySchema } from '../http/list-query';
import {
  AccountEventSchema,
  AccountSchema,
  CreateAccountRequestSchema,
  CreateTransferRequestSchema,
  EntrySchema,
  MoneyMovementRequestSchema,
  pageOf,
  TransferSchema,
} from './schemas';

/** A command naming the caller's account in its body: someone else's answers 404, like an unknown id. */
export const notYourAccount = (field: string) => `No such ${field}, or it is not the caller's account`;

const tag = 'Wallets';

export const createAccount = defineRoute({
  method: 'POST',
  path: '/accounts',
  auth: true,
  summary: 'Open a wallet account',
  tag,
  status: 201,
  body: CreateAccountRequestSchema,
  response: AccountSchema,
  idempotency: { identity: 'POST /accounts' },
});

export const listAccounts = defineRoute({
  method: 'GET',
  path: '/accounts',
  auth: true,
  summary: 'The caller’s accounts',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(AccountSchema),
});

export const getAccount = defineRoute({
  method: 'GET',
  path: '/accounts/{id}',
  auth: true,
  summary: 'An account with its balance',
  tag,
  status: 200,
  response: AccountSchema,
});

export const listEntries = defineRoute({
  method: 'GET',
  path: '/accounts/{id}/entries',
  auth: true,
  summary: 'Ledger entries, newest first',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(EntrySchema),
});

export const listAccountEvents = defineRoute({
  method: 'GET',
  path: '/accounts/{id}/events',
  auth: true,
  summary: 'The account’s event stream, in order',
  tag,
  status: 200,
  query: ListQuerySchema,
  response: pageOf(AccountEventSchema),
});

export const createDeposit = defineRoute({
  method: 'POST',
  path: '/accounts/{id}/deposits',
  auth: true,
  summary: 'Deposit money',
  tag,
  status: 202,
  body: MoneyMovementRequestSchema,
  response: TransferSchema,
  idempotency: { identity: 'deposit', params: { accountId: 'id' } },
});

export const createWithdrawal = defineRoute({
  method: 'POST',
  path: '/accounts/{id}/withdrawals',
  auth: true,
  summary: 'Withdraw money',
  tag,
  status: 202,
  body: MoneyMovementRequestSchema,
  response: TransferSchema,
  idempotency: { identity: 'withdrawal', params: { accountId: 'id' } },
});

export const createTransfer = defineRoute({
  method: 'POST',
  path: '/transfers',
  auth: true,
  summary: 'Transfer between accounts',
  tag,
  status: 202,
  body: CreateTransferRequestSchema,
  response: TransferSchema,
  idempotency: { identity: 'POST /transfers' },
  errors: { 404: notYourAccount('fromAccountId') },
});

export const getTransfer = defineRoute({
  method: 'GET',
  path: '/transfers/{id}',
  auth: true,
  summary: 'A transfer',
  tag,
  status: 200,
  response: TransferSchema,
});
