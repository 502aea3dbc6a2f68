/** Processor of PurchaseRequested (FIFO, grouped by the buyer's account). */
import { parseEvent } from '../../events/contract';
import { PurchaseRequestedV1 } from '../../events/purchases';
import { queueProcessor } from '../../shared/processing/queue-processor';
import { completePurchase, giveUpPurchase } from '../../shared/shop/complete-purchase';

export const handler = queueProcessor(
  { queue: 'purchases', onGiveUp: async (event) => giveUpPurchase(parseEvent(PurchaseRequestedV1, event.detail).purchaseId) },
  async (event) => {
    const detail = parseEvent(PurchaseRequestedV1, event.detail);
    await completePurchase(detail.purchaseId, [detail.accountId, detail.merchantAccountId]);
  },
);
