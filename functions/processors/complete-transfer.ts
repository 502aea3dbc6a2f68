/** Processor of TransferRequested (FIFO, grouped by the debited account). */
import { parseEvent } from '../../events/contract';
import { TransferRequestedV1 } from '../../events/transfers';
import { completeTransfer } from '../../shared/ledger/complete-transfer';
import { queueProcessor } from '../../shared/processing/queue-processor';

export const handler = queueProcessor({ fifo: true }, async (event) => {
  const detail = parseEvent(TransferRequestedV1, event.detail);
  await completeTransfer(detail.transferId);
});
