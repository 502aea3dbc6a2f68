/**
 * Every DynamoDB key format of the single `main` table, in one place.
 * `pk`/`sk` address an item; `gsi1pk`/`gsi1sk` list things by owner (newest first
 * when sorted descending); `pendingPk`/`pendingSk` form the sweeper's sparse index.
 */

/** Sequence numbers are zero-padded so string order equals numeric order. */
const SEQ_DIGITS = 12;
export const padSeq = (seq: number | bigint): string => String(seq).padStart(SEQ_DIGITS, '0');

/** Shards of the sparse `pending` GSI partition, so PENDING writes never funnel into one GSI partition. */
export const PENDING_SHARDS = 8;

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export const keys = {
  // Users and sessions
  user: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  email: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
  session: (familyId: string): Key => ({ pk: `SESSION#${familyId}`, sk: 'SESSION' }),
  loginFailures: (email: string, clientAddress: string): Key => ({
    pk: `LOGINFAIL#${email.toLowerCase()}`,
    sk: `ADDRESS#${clientAddress}`,
  }),
  /** A per-address limit of one route family (`register`, `login`, …). */
  addressLimit: (limit: string, clientAddress: string): Key => ({ pk: `LIMIT#${limit}#${clientAddress}`, sk: 'LIMIT' }),
  /** The current email-verification code of a user, and the resend cooldown beside it. */
  emailVerification: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'VERIFICATION' }),
  verificationCooldown: (userId: string): Key => ({ pk: `USER#${userId}`, sk: 'VERIFICATION#COOLDOWN' }),
  /** Sandbox deposits to one account on one UTC day (`YYYY-MM-DD`), in minor units. */
  sandboxDeposits: (accountId: string, day: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: `SANDBOX#${day}` }),
  /** The local runtime's mailbox: one item per message sent to an address. */
  mailboxMessage: (email: string, sentAt: string, id: string): Key => ({
    pk: `MAILBOX#${email.toLowerCase()}`,
    sk: `MESSAGE#${sentAt}#${id}`,
  }),
  mailboxPrefix: 'MESSAGE#',

  // Wallets: the account item holds balance + version; its stream items are EVENT#<seq>.
  account: (accountId: string): Key => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  accountEvent: (accountId: string, seq: number | bigint): Key => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `EVENT#${padSeq(seq)}`,
  }),
  accountEventPrefix: 'EVENT#',
  worldShard: (currency: string, shard: number): Key => ({ pk: `WORLD#${currency}`, sk: `SHARD#${shard}` }),
  transfer: (transferId: string): Key => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' }),

  // Idempotency records, scoped per user.
  idempotency: (userId: string, key: string): Key => ({ pk: `IDEMPOTENCY#${userId}#${key}`, sk: 'IDEMPOTENCY' }),

  // Shop
  product: (sku: string): Key => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' }),
  purchase: (purchaseId: string): Key => ({ pk: `PURCHASE#${purchaseId}`, sk: 'PURCHASE' }),

  // Groups
  group: (groupId: string): Key => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' }),
  groupMember: (groupId: string, userId: string): Key => ({ pk: `GROUP#${groupId}`, sk: `MEMBER#${userId}` }),
  groupMemberPrefix: 'MEMBER#',
  expense: (groupId: string, expenseId: string): Key => ({ pk: `GROUP#${groupId}`, sk: `EXPENSE#${expenseId}` }),
  expensePrefix: 'EXPENSE#',
  groupEvent: (groupId: string, seq: number | bigint): Key => ({ pk: `GROUP#${groupId}`, sk: `EVENT#${padSeq(seq)}` }),
  groupEventPrefix: 'EVENT#',
  comment: (groupId: string, expenseId: string, commentId: string): Key => ({
    pk: `GROUP#${groupId}`,
    sk: `COMMENT#${expenseId}#${commentId}`,
  }),
  commentPrefix: (expenseId: string): string => `COMMENT#${expenseId}#`,
  settlement: (settlementId: string): Key => ({ pk: `SETTLEMENT#${settlementId}`, sk: 'SETTLEMENT' }),
  recurring: (groupId: string, recurringId: string): Key => ({ pk: `GROUP#${groupId}`, sk: `RECURRING#${recurringId}` }),
  recurringPrefix: 'RECURRING#',
  // An address invited before it has a user: one partition per (lower-cased) email, an item per group.
  groupInvite: (email: string, groupId: string): Key => ({ pk: `INVITE#${email}`, sk: `GROUP#${groupId}` }),
  // Exchange rates kept by admins: one partition per currency pair, one item per date (YYYY-MM-DD).
  fxRate: (base: string, quote: string, date: string): Key => ({ pk: `FXRATE#${base}#${quote}`, sk: `DATE#${date}` }),
  fxRatePrefix: 'DATE#',

  // Operations: one item per reconciliation run, a day's runs under one partition.
  reconciliation: (startedAt: string, runId: string): Key => ({
    pk: `RECONCILIATION#${startedAt.slice(0, 10)}`,
    sk: `RUN#${startedAt}#${runId}`,
  }),
} as const;

/** GSI1 partitions: one list per owner and kind. Sort keys are `<createdAt>#<id>`. */
export const lists = {
  accountsOf: (userId: string): string => `USER#${userId}#ACCOUNTS`,
  purchasesOf: (userId: string): string => `USER#${userId}#PURCHASES`,
  groupsOf: (userId: string): string => `USER#${userId}#GROUPS`,
  catalog: 'CATALOG',
  /** Running recurring expenses by the date of their next occurrence (sort key `<nextOn>#<groupId>#<id>`). */
  recurringDue: 'RECURRING#DUE',
  sortKey: (createdAt: string, id: string): string => `${createdAt}#${id}`,
} as const;

/** One shard of the sweeper's sparse index (`pendingPk`). */
export const pendingPartition = (shard: number): string => `PENDING#${shard}`;

/** Attributes that put a PENDING command into the sweeper's sparse index. */
export function pendingIndexAttributes(id: string, createdAt: string): { pendingPk: string; pendingSk: string } {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return { pendingPk: pendingPartition(hash % PENDING_SHARDS), pendingSk: `${createdAt}#${id}` };
}

/** The main table's indexes, by what they are for (their names are the manifest's). */
export const INDEXES = { byOwner: 'gsi1', pending: 'pending', incoming: 'incoming' } as const;

/** The `incoming` partition of an account: commands holding money on its way to it. */
export const incomingPartition = (accountId: string): string => `INCOMING#${accountId}`;

/** Attributes that list a command's money in flight under the account it is on its way to. */
export const incomingIndexAttributes = (accountId: string, commandId: string): { incomingPk: string; incomingSk: string } => ({
  incomingPk: incomingPartition(accountId),
  incomingSk: commandId,
});
