/**
 * The live preview of an expense's shares, computed by `splitExpense`, the very function the
 * server applies, from the values as the user typed them, read the way the server reads a
 * request (amounts in the currency's precision, percents with up to 2 decimals, whole
 * shares). What the preview shows is what the server will store.
 */
import { type Currency, formatAmount, parseAmount } from '../../shared/domain/money';
import { parsePercent, type SplitParticipant, type SplitType, splitExpense } from '../../shared/domain/splits';

export interface ParticipantInput {
  readonly userId: string;
  /** The amount, percent or number of shares as typed (unused for `equal`). */
  readonly value: string;
}

export type Preview =
  | { readonly ok: true; readonly shares: { userId: string; amount: string }[] }
  | { readonly ok: false; readonly message: string };

const SPLIT_MESSAGES: Record<string, string> = {
  EXACT_SUM_MISMATCH: 'the amounts must add up to the expense amount',
  PERCENT_SUM_NOT_100: 'the percents must add up to 100',
  MISSING_VALUE: 'every participant needs a value',
  INVALID_SHARES: 'shares must be whole numbers of at least 1',
  NO_PARTICIPANTS: 'choose at least one participant',
  DUPLICATE_PARTICIPANT: 'each participant may appear once',
  INVALID_AMOUNT: 'the amount must be positive',
};

function participantOf(type: SplitType, p: ParticipantInput, currency: Currency): SplitParticipant | string {
  const value = p.value.trim();
  if (type === 'equal') return { userId: p.userId };
  if (type === 'exact') {
    if (/^0(\.0+)?$/.test(value)) return { userId: p.userId, amount: 0n };
    const amount = parseAmount(value, currency);
    return amount.ok ? { userId: p.userId, amount: amount.value } : amount.reason;
  }
  if (type === 'percent') {
    const percent = parsePercent(value);
    return percent.ok ? { userId: p.userId, percentBasisPoints: percent.value } : `percent ${percent.reason}`;
  }
  return /^[1-9]\d{0,6}$/.test(value) ? { userId: p.userId, shares: BigInt(value) } : 'shares must be whole numbers of at least 1';
}

export function previewShares(amountText: string, currency: Currency, type: SplitType, participants: readonly ParticipantInput[]): Preview {
  const amount = parseAmount(amountText.trim(), currency);
  if (!amount.ok) return { ok: false, message: `amount ${amount.reason}` };
  const parsed: SplitParticipant[] = [];
  for (const p of participants) {
    const participant = participantOf(type, p, currency);
    if (typeof participant === 'string') return { ok: false, message: participant };
    parsed.push(participant);
  }
  const split = splitExpense(amount.value, type, parsed);
  if (!split.ok) return { ok: false, message: SPLIT_MESSAGES[split.reason] ?? split.reason };
  return { ok: true, shares: split.value.map((s) => ({ userId: s.userId, amount: formatAmount(s.amountMinor, currency) })) };
}

/** The request's participants, each with the one value its split type uses. */
export function requestParticipants(
  type: SplitType,
  participants: readonly ParticipantInput[],
): { userId: string; amount?: string; percent?: string; shares?: number }[] {
  return participants.map((p) => {
    const value = p.value.trim();
    if (type === 'exact') return { userId: p.userId, amount: value };
    if (type === 'percent') return { userId: p.userId, percent: value };
    if (type === 'shares') return { userId: p.userId, shares: Number(value) };
    return { userId: p.userId };
  });
}
