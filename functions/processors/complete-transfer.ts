/** Processor of TransferRequested (FIFO, grouped by the debited account). */
import { parseDetail } from '../../events/contract';
import { TransferRequestedV1 } from '../../events/transfers';
import { completeTransfer, giveUpTransfer } from '../../shared/ledger/complete-transfer';
import { accountIdsOf } from '../../shared/ledger/transfers';
import { commandProcessor } from '../../shared/processing/queue-processor';

export const handler = commandProcessor(
  { queue: 'transfers', onGiveUp: async (message) => giveUpTransfer(parseDetail(TransferRequestedV1, message.detail).transferId) },
  async (message) => {
    const detail = parseDetail(TransferRequestedV1, message.detail);
    await completeTransfer(detail.transferId, accountIdsOf(detail));
  },
);
