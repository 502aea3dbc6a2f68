/** The queue message of a saga step: for the aggregate the step writes, in that aggregate's FIFO group. */
import { type OutgoingMessage, queueMessage } from '../../events/contract';
import { AccountStepV1, StockStepV1 } from '../../events/steps';
import { type SagaCommand, type StepName, targetOf } from '../domain/sagas';

export type SagaType = 'transfer' | 'purchase';

/** Deduplication id of a step: each step of a command happens once, so SQS may drop a second copy. */
export const stepMessageId = (commandId: string, step: StepName): string => `${commandId}.${step}`;

export function stepMessage(command: SagaType, commandId: string, saga: SagaCommand, step: StepName): OutgoingMessage {
  const target = targetOf(saga, step);
  const id = stepMessageId(commandId, step);
  if (target.aggregate === 'product') {
    if (step !== 'reserve' && step !== 'release') throw new Error(`Invariant: ${step} is not a product step`);
    return queueMessage(StockStepV1, { purchaseId: commandId, step, sku: target.id }, { groupId: target.id, id });
  }
  if (step !== 'debit' && step !== 'credit' && step !== 'refund') throw new Error(`Invariant: ${step} is not an account step`);
  const counterpartyAccountId = target.id === saga.payerAccountId ? saga.payeeAccountId : saga.payerAccountId;
  return queueMessage(AccountStepV1, { command, commandId, step, accountId: target.id, counterpartyAccountId }, { groupId: target.id, id });
}
