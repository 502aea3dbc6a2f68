/** Processor of TransferRequested (FIFO, grouped by the debited account). */
import { parseEvent } from '../../events/contract';
import { TransferRequestedV1 } from '../../events/transfers';
import { completeTransfer, giveUpTransfer } from '../../shared/ledger/complete-transfer';
import { accountIdsOf } from '../../shared/ledger/transfers';
import { queueProcessor } from '../../shared/processing/queue-processor';

export const handler = queueProcessor(
  { queue: 'transfers', onGiveUp: async (event) => giveUpTransfer(parseEvent(TransferRequestedV1, event.detail).transferId) },
  async (event) => {
    const detail = parseEvent(TransferRequestedV1, event.detail);
    await completeTransfer(detail.transferId, accountIdsOf(detail));
  },
);
