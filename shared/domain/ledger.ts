/**
 * The ledger's rules for one account, pure: applying a batch of postings (debits, credits,
 * refunds) in order to an account as it was read, each with its own `seq` and exact
 * `balanceAfter`, or refused with a failure reason. One writer per account (its FIFO message
 * group) makes the read authoritative; the write is still conditioned on the version read.
 */
import { fail, ok, type Result } from './result';

/** Command lifecycle shared by transfers, purchases, settlements and expenses. */
export const COMMAND_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** What moves money between accounts: all of them are transfers, of one kind. */
export const TRANSFER_KINDS = ['transfer', 'deposit', 'withdrawal', 'settlement'] as const;

export const FAILURE_REASONS = [
  'INSUFFICIENT_FUNDS',
  'ACCOUNT_NOT_FOUND',
  'CURRENCY_MISMATCH',
  'ACCOUNT_CLOSED',
  'OUT_OF_STOCK',
  'PRODUCT_NOT_FOUND',
  'PROCESSING_ERROR',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export type EntryKind = 'deposit' | 'withdrawal' | 'transfer' | 'purchase' | 'settlement';

/** An account as read, or the fact that it does not exist. */
export interface AccountSnapshot {
  readonly exists: boolean;
  readonly currency: string;
  readonly status: string;
  readonly balance: bigint;
  /** The seq of its last entry (0 for a new account, and for one that does not exist). */
  readonly version: number;
}

export const MISSING_ACCOUNT: AccountSnapshot = { exists: false, currency: '', status: '', balance: 0n, version: 0 };

export type PostingType = 'Debited' | 'Credited' | 'Refunded';

export interface Posting {
  /** Signed minor units: negative debits the account. */
  readonly amount: bigint;
  readonly currency: string;
  /** A refund returns money this account already gave: it is owed even to a closed account. */
  readonly type: PostingType;
  /**
   * A refusal found on the other side of the movement (the payee of a transfer, read before
   * the debit so that nothing moves toward an account that cannot take it). It ranks after this
   * account's own structural refusals and before its funds.
   */
  readonly blockedBy?: FailureReason;
}

export interface AppliedPosting {
  readonly seq: number;
  readonly balanceAfter: bigint;
}

/**
 * Why an account refuses a posting, in this order: it does not exist, it holds another
 * currency, it is closed (refunds excepted), the other side refuses, it cannot pay. Structural reasons first, because
 * they stay true however often the posting is tried.
 */
export function refusalOf(account: AccountSnapshot, balance: bigint, posting: Posting): FailureReason | undefined {
  if (!account.exists) return 'ACCOUNT_NOT_FOUND';
  if (account.currency !== posting.currency) return 'CURRENCY_MISMATCH';
  if (account.status !== 'OPEN' && posting.type !== 'Refunded') return 'ACCOUNT_CLOSED';
  if (posting.blockedBy) return posting.blockedBy;
  if (posting.amount < 0n && balance < -posting.amount) return 'INSUFFICIENT_FUNDS';
  return undefined;
}

export interface AppliedBatch {
  /** One per posting, in order. */
  readonly results: readonly Result<AppliedPosting, FailureReason>[];
  readonly balance: bigint;
  readonly version: number;
}

/** Where an account stands partway through a batch. */
export interface RunningAccount {
  readonly balance: bigint;
  readonly version: number;
}

/** One posting on a running account: applied (its seq and balance after) or refused. */
export function applyPosting(
  account: AccountSnapshot,
  running: RunningAccount,
  posting: Posting,
): { readonly result: Result<AppliedPosting, FailureReason>; readonly running: RunningAccount } {
  if (posting.amount === 0n) throw new Error('Invariant: a posting moves a non-zero amount');
  const refusal = refusalOf(account, running.balance, posting);
  if (refusal) return { result: fail(refusal), running };
  const after = { balance: running.balance + posting.amount, version: running.version + 1 };
  if (after.balance < 0n) throw new Error(`Invariant: a posting never leaves a balance negative (${after.balance})`);
  return { result: ok({ seq: after.version, balanceAfter: after.balance }), running: after };
}

/** Applies postings in order: each sees the balance the ones before it left. */
export function applyPostings(account: AccountSnapshot, postings: readonly Posting[]): AppliedBatch {
  let running: RunningAccount = { balance: account.balance, version: account.version };
  const results = postings.map((posting) => {
    const step = applyPosting(account, running, posting);
    running = step.running;
    return step.result;
  });
  return { results, ...running };
}
