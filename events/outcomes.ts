/** Every outcome a client can be told about over WebSocket: the rule to the fan-out matches these. */
import {
  ExpenseCompletedV1,
  ExpenseDeletedV1,
  ExpenseFailedV1,
  GroupActivityV1,
  SettlementCompletedV1,
  SettlementFailedV1,
} from './expenses';
import { PurchaseCompletedV1, PurchaseFailedV1 } from './purchases';
import { TransferCompletedV1, TransferFailedV1 } from './transfers';

export const OUTCOME_EVENTS = [
  TransferCompletedV1,
  TransferFailedV1,
  PurchaseCompletedV1,
  PurchaseFailedV1,
  ExpenseCompletedV1,
  ExpenseFailedV1,
  ExpenseDeletedV1,
  SettlementCompletedV1,
  SettlementFailedV1,
  GroupActivityV1,
] as const;
