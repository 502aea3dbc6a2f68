/** Processor of PurchaseRequested (FIFO, grouped by the buyer's account). */
import { parseDetail } from '../../events/contract';
import { PurchaseRequestedV1 } from '../../events/purchases';
import { commandProcessor } from '../../shared/processing/queue-processor';
import { completePurchase, giveUpPurchase } from '../../shared/shop/complete-purchase';

export const handler = commandProcessor(
  { queue: 'purchases', onGiveUp: async (message) => giveUpPurchase(parseDetail(PurchaseRequestedV1, message.detail).purchaseId) },
  async (message) => {
    const detail = parseDetail(PurchaseRequestedV1, message.detail);
    await completePurchase(detail.purchaseId, [detail.accountId, detail.merchantAccountId]);
  },
);
