/** Route contracts of wallets and transfers (see shared/http/contract.ts). */
import { defineRoute, RATE_LIMITED } from '../http/contract';
import { ListQuerySchema } from '../http/list-query';
import { SIGNATURE_HEADER } from '../webhooks/header';
import {
  AccountEventSchema,
  AccountSchema,
  CreateAccountRequestSchema,
  CreateTransferRequestSchema,
  DepositWebhookSchema,
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
  summary: 'Deposit money (admins; the owner in sandbox mode only, within a daily cap)',
  tag,
  movesMoney: true,
  status: 202,
  body: MoneyMovementRequestSchema,
  response: TransferSchema,
  idempotency: { identity: 'deposit', params: { accountId: 'id' } },
  errors: {
    403: 'Not a sandbox and the caller is no admin (forbidden)',
    429: {
      description: 'The account’s daily sandbox cap is reached (rate-limited)',
      headers: { 'retry-after': 'Seconds until the next UTC day' },
    },
  },
});

export const createWithdrawal = defineRoute({
  method: 'POST',
  path: '/accounts/{id}/withdrawals',
  auth: true,
  summary: 'Withdraw money',
  tag,
  movesMoney: true,
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
  movesMoney: true,
  status: 202,
  body: CreateTransferRequestSchema,
  response: TransferSchema,
  idempotency: { identity: 'POST /transfers' },
  errors: { 404: notYourAccount('fromAccountId') },
});

/**
 * Money arriving from the payment provider: no bearer, the signature header instead, checked
 * over the raw body before anything else is read. The provider's event id is the idempotency
 * key: a repeat is answered like the first and writes nothing.
 */
export const receiveDepositWebhook = defineRoute({
  method: 'POST',
  path: '/webhooks/deposits',
  auth: false,
  summary: `The payment provider’s deposit notification (signed with ${SIGNATURE_HEADER}, no bearer)`,
  tag,
  headers: {
    [SIGNATURE_HEADER]: {
      description: '`t=<unix seconds>,v1=<hex>`: the hex is HMAC-SHA256 of `<t>.<raw body>` with the webhook secret',
      required: true,
    },
  },
  status: 202,
  body: DepositWebhookSchema,
  response: TransferSchema,
  idempotency: { identity: 'POST /webhooks/deposits', keyField: 'id' },
  errors: {
    400: 'The currency is not the account’s, or the body is not valid',
    401: `The ${SIGNATURE_HEADER} header is missing, malformed, older than 5 minutes or does not match the raw body`,
    404: 'No such account',
    409: 'This event id was already used with a different body (idempotency-key-reused)',
    429: RATE_LIMITED,
  },
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
