/** Accepts a deposit, withdrawal, transfer or settlement: PENDING record, 202, location. */
import { ulid } from 'ulid';
import type { Caller } from '../auth/caller';
import { type AcceptCommandInput, acceptCommand, type CommandResponse } from '../commands/accept';
import { invalid } from '../domain/errors';
import { type Currency, parseAmount } from '../domain/money';
import type { TransferKind } from './schemas';
import { type NewTransfer, newTransferRecord, toTransferView } from './transfers';

export function parseAmountOrThrow(amount: string, currency: Currency, path = 'amount'): bigint {
  const parsed = parseAmount(amount, currency);
  if (!parsed.ok) throw invalid(`The amount is not valid: ${parsed.reason}.`, [{ path, message: parsed.reason }]);
  return parsed.value;
}

export interface TransferCommand {
  readonly caller: Caller;
  readonly idempotencyKey: string | undefined;
  /** What makes two requests "the same" for idempotency. */
  readonly request: unknown;
  readonly kind: TransferKind;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
  readonly participantIds: string[];
  readonly amountMinor: bigint;
  readonly currency: Currency;
  readonly memo?: string | null;
  readonly groupId?: string;
  readonly settlementId?: string;
  readonly id?: string;
  /** More items in the acceptance's transaction (a sandbox deposit's daily total), and what their conflict means. */
  readonly extraItems?: AcceptCommandInput['extraItems'];
  readonly onConflict?: AcceptCommandInput['onConflict'];
  readonly idempotencyTtlSeconds?: number;
}

export function buildTransfer(command: TransferCommand): NewTransfer {
  return {
    id: command.id ?? ulid(),
    kind: command.kind,
    fromAccountId: command.fromAccountId,
    toAccountId: command.toAccountId,
    participantIds: [...new Set(command.participantIds)],
    initiatorId: command.caller.userId,
    amountMinor: command.amountMinor,
    currency: command.currency,
    memo: command.memo ?? null,
    createdAt: new Date().toISOString(),
    ...(command.groupId ? { groupId: command.groupId } : {}),
    ...(command.settlementId ? { settlementId: command.settlementId } : {}),
  };
}

export async function acceptTransfer(command: TransferCommand): Promise<CommandResponse> {
  const transfer = buildTransfer(command);
  const { record, message } = newTransferRecord(transfer);
  return acceptCommand({
    userId: command.caller.userId,
    idempotencyKey: command.idempotencyKey,
    request: command.request,
    record,
    message,
    response: { status: 202, body: toTransferView(record), headers: { location: `/transfers/${transfer.id}` } },
    ...(command.extraItems ? { extraItems: command.extraItems } : {}),
    ...(command.onConflict ? { onConflict: command.onConflict } : {}),
    ...(command.idempotencyTtlSeconds ? { idempotencyTtlSeconds: command.idempotencyTtlSeconds } : {}),
  });
}
