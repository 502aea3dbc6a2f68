/**
 * Contention: where real traffic goes. Each workload is many users sending at once to one
 * hot aggregate, measured beside the same volume spread over distinct ones, in the same run:
 *
 * - hot payee: every sender pays one account, against each paying an account of its own;
 * - hot merchant: every buyer buys a product of one merchant, against each its own merchant;
 * - hot product: every buyer buys one SKU of one merchant, against each its own SKU and merchant.
 *
 * The rate is completed operations per second, from the first request to the last outcome.
 */
import { randomUUID } from 'node:crypto';
import { EvenlyClient } from '../../shared/client/evenly-client';

export interface ContentionFigure {
  readonly hotPerSec: number;
  readonly spreadPerSec: number;
  readonly ratio: number;
}

export interface Contention {
  readonly hotPayee: ContentionFigure;
  readonly hotMerchant: ContentionFigure;
  readonly hotProduct: ContentionFigure;
}

/** Completions the runtime's bus has seen, by command id; the bench feeds it from the bus. */
export class Completions {
  private readonly seen = new Set<string>();
  private readonly waiting = new Map<string, () => void>();

  onOutcome(id: string): void {
    this.seen.add(id);
    this.waiting.get(id)?.();
    this.waiting.delete(id);
  }

  settled(id: string): Promise<void> {
    if (this.seen.has(id)) return Promise.resolve();
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }
}

interface Party {
  readonly client: EvenlyClient;
  readonly accountId: string;
}

const PASSWORD = 'bench password 1';

async function party(baseUrl: string, label: string, fund: string, completions: Completions): Promise<Party> {
  const session = await new EvenlyClient({ baseUrl }).register({
    email: `${label}-${randomUUID().slice(0, 8)}@bench.example`,
    password: PASSWORD,
    name: label,
  });
  const client = new EvenlyClient({ baseUrl, accessToken: session.accessToken });
  const account = await client.createAccount({ currency: 'EUR' });
  if (fund !== '0') await completions.settled((await client.deposit(account.id, fund)).id);
  return { client, accountId: account.id };
}

export interface ContentionSettings {
  readonly users: number;
  readonly operationsPerUser: number;
}

/** Runs `send` for every user at once, each `operationsPerUser` times in a row; the rate from the first send to the last outcome. */
async function rateOf(users: number, perUser: number, completions: Completions, send: (user: number, op: number) => Promise<string>) {
  const started = performance.now();
  const ids = (
    await Promise.all(
      Array.from({ length: users }, async (_, user) => {
        const sent: string[] = [];
        for (let op = 0; op < perUser; op += 1) sent.push(await send(user, op));
        return sent;
      }),
    )
  ).flat();
  await Promise.all(ids.map((id) => completions.settled(id)));
  return ids.length / ((performance.now() - started) / 1000);
}

const figure = (hotPerSec: number, spreadPerSec: number): ContentionFigure => ({
  hotPerSec: Math.round(hotPerSec * 10) / 10,
  spreadPerSec: Math.round(spreadPerSec * 10) / 10,
  ratio: Math.round((hotPerSec / spreadPerSec) * 100) / 100,
});

export async function measureContention(
  baseUrl: string,
  settings: ContentionSettings,
  completions: Completions,
  progress: (line: string) => void,
): Promise<Contention> {
  const { users, operationsPerUser: perUser } = settings;
  progress(`contention: ${users} users × ${perUser} operations, hot against spread…`);
  const senders = await Promise.all(Array.from({ length: users }, (_, i) => party(baseUrl, `sender${i}`, '1000.00', completions)));
  const payees = await Promise.all(Array.from({ length: users }, (_, i) => party(baseUrl, `payee${i}`, '0', completions)));
  const hotPayee = payees[0] as Party;
  const pay = (to: (user: number) => string) => (user: number) =>
    (senders[user] as Party).client
      .transfer({ fromAccountId: (senders[user] as Party).accountId, toAccountId: to(user), amount: '0.01', currency: 'EUR' })
      .then((t) => t.id);
  // The spread figure is taken before and after the hot one and averaged, so a drift of the machine favours neither.
  const payeeSpreadBefore = await rateOf(
    users,
    perUser,
    completions,
    pay((user) => (payees[user] as Party).accountId),
  );
  const payeeHot = await rateOf(
    users,
    perUser,
    completions,
    pay(() => hotPayee.accountId),
  );
  const payeeSpread =
    (payeeSpreadBefore +
      (await rateOf(
        users,
        perUser,
        completions,
        pay((user) => (payees[user] as Party).accountId),
      ))) /
    2;
  progress(`  hot payee ${payeeHot.toFixed(1)}/s, spread ${payeeSpread.toFixed(1)}/s`);

  // Merchants are the payees; each lists products with stock for every purchase.
  const stock = users * perUser;
  const skus = await Promise.all(
    payees.map(async (merchant, m) => {
      const own = await Promise.all(
        Array.from({ length: users }, (_, p) =>
          merchant.client.createProduct({
            sku: `bench-${randomUUID().slice(0, 8)}-${m}-${p}`,
            name: 'Bench item',
            price: '0.01',
            currency: 'EUR',
            stock,
            merchantAccountId: merchant.accountId,
          }),
        ),
      );
      return own.map((p) => p.sku);
    }),
  );
  const buy = (sku: (user: number, op: number) => string) => (user: number, op: number) =>
    (senders[user] as Party).client
      .buy({ sku: sku(user, op), quantity: 1, accountId: (senders[user] as Party).accountId })
      .then((p) => p.id);
  const skuOf = (merchant: number, product: number) => (skus[merchant] as string[])[product] as string;
  // Spread: each buyer its own merchant and SKU; hot merchant: one merchant, each buyer its own SKU; hot product: one SKU.
  const spreadBefore = await rateOf(
    users,
    perUser,
    completions,
    buy((user) => skuOf(user, 0)),
  );
  const merchantHot = await rateOf(
    users,
    perUser,
    completions,
    buy((user) => skuOf(0, user)),
  );
  const productHot = await rateOf(
    users,
    perUser,
    completions,
    buy(() => skuOf(1, 1)),
  );
  const spread =
    (spreadBefore +
      (await rateOf(
        users,
        perUser,
        completions,
        buy((user) => skuOf(user, 2 % users)),
      ))) /
    2;
  progress(`  hot merchant ${merchantHot.toFixed(1)}/s, hot product ${productHot.toFixed(1)}/s, spread ${spread.toFixed(1)}/s`);
  return {
    hotPayee: figure(payeeHot, payeeSpread),
    hotMerchant: figure(merchantHot, spread),
    hotProduct: figure(productHot, spread),
  };
}

/**
 * Purchases one after another over distinct buyers and products, for the write units a purchase
 * costs: `startMetering` is called once everything is set up, so only the purchases are metered.
 */
export async function meterPurchases(baseUrl: string, count: number, completions: Completions, startMetering: () => void): Promise<number> {
  // After the idle seconds of the phase before, fetch may reuse a keep-alive connection the server
  // has just closed (ECONNRESET, a TypeError): such a request never arrived, so it is sent once more.
  const fresh = <T>(make: () => Promise<T>) =>
    make().catch((error: unknown) => (error instanceof TypeError ? make() : Promise.reject(error)));
  const buyers = await Promise.all(
    Array.from({ length: 4 }, (_, i) => fresh(() => party(baseUrl, `meter-buyer${i}`, '100.00', completions))),
  );
  const merchant = await fresh(() => party(baseUrl, 'meter-merchant', '0', completions));
  const product = await merchant.client.createProduct({
    sku: `meter-${randomUUID().slice(0, 8)}`,
    name: 'Metered item',
    price: '0.01',
    currency: 'EUR',
    stock: count,
    merchantAccountId: merchant.accountId,
  });
  startMetering();
  for (let i = 0; i < count; i += 1) {
    const buyer = buyers[i % buyers.length] as Party;
    const purchase = await buyer.client.buy({ sku: product.sku, quantity: 1, accountId: buyer.accountId });
    await completions.settled(purchase.id);
  }
  return count;
}
