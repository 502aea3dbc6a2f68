/** Command lifecycle and failure reasons shared by transfers, purchases and expenses. */
export type CommandStatus = 'PENDING' | 'COMPLETED' | 'FAILED';

export const isTerminal = (status: string): boolean => status === 'COMPLETED' || status === 'FAILED';

export type TransferFailureReason =
  | 'INSUFFICIENT_FUNDS'
  | 'ACCOUNT_NOT_FOUND'
  | 'CURRENCY_MISMATCH'
  | 'ACCOUNT_CLOSED'
  | 'PROCESSING_ERROR';

export type EntryKind = 'deposit' | 'withdrawal' | 'transfer' | 'purchase' | 'settlement';
