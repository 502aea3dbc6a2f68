/** Shop: the catalog, buying, purchase history, and the merchant's own products. */
import { useEffect, useId, useState } from 'preact/hooks';
import type { Problem } from '../../shared/client/evenly-client';
import type { AccountView } from '../../shared/ledger/schemas';
import type { ProductView, PurchaseView } from '../../shared/shop/schemas';
import { AccountSelect } from './account-select';
import { useAttempt } from './attempt';
import { useConsole } from './context';
import { useLive } from './hub';
import { Field, ProblemNotice, problemFrom } from './problems';
import { CURRENCIES } from './wallets';

export function Shop() {
  const { client, hub, session } = useConsole();
  const [products, setProducts] = useState<ProductView[]>([]);
  const [purchases, setPurchases] = useState<PurchaseView[]>([]);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();

  const reload = async () => {
    try {
      const [catalog, mine, wallets] = await Promise.all([
        client.listProducts({ limit: 100 }),
        client.myPurchases({ limit: 25 }),
        client.listAccounts({ limit: 100 }),
      ]);
      setProducts(catalog.items);
      setPurchases(mine.items);
      setAccounts(wallets.items);
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  // Dependencies: read once on entering the area
  useEffect(() => void reload(), []);
  useLive(hub, ['user:me'], {
    onPush: (push) => {
      if (push.event.type.startsWith('Purchase')) void reload();
    },
    onResync: () => void reload(),
  });

  const mine = products.filter((p) => p.merchantId === session.user.id);
  return (
    <div class="area">
      <h1>Shop</h1>
      <ProblemNotice problem={problem} />
      <div class="columns">
        <section class="card" aria-labelledby="catalog-title">
          <h2 id="catalog-title">Catalog</h2>
          {products.length === 0 ? <p>Nothing for sale yet.</p> : null}
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col">Price</th>
                <th scope="col">In stock</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.sku}>
                  <td>{p.name}</td>
                  <td>
                    <code>{p.sku}</code>
                  </td>
                  <td class="num">
                    {p.price} {p.currency}
                  </td>
                  <td class="num" data-testid={`stock-${p.sku}`}>
                    {p.stock}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Buy products={products} accounts={accounts} onBought={(p) => setPurchases((list) => [p, ...list])} />
        </section>
        <section class="card" aria-labelledby="history-title">
          <h2 id="history-title">Your purchases</h2>
          {purchases.length === 0 ? <p>No purchases yet.</p> : null}
          <ul class="rows">
            {purchases.map((p) => (
              <li key={p.id} data-testid={`purchase-${p.id}`}>
                <span>
                  {p.quantity} × {p.sku}, {p.total} {p.currency}
                </span>
                <span class={`badge badge-${p.status.toLowerCase()}`}>
                  {p.status === 'PENDING' ? 'pending' : p.status === 'COMPLETED' ? 'done' : 'failed'}
                  {p.failureReason ? ` (${p.failureReason})` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section class="card" aria-labelledby="merchant-title">
        <h2 id="merchant-title">Sell: your products</h2>
        <NewProduct accounts={accounts} onCreated={reload} />
        {mine.map((p) => (
          <EditProduct key={p.sku} product={p} onSaved={reload} />
        ))}
      </section>
    </div>
  );
}

function Buy({ products, accounts, onBought }: { products: ProductView[]; accounts: AccountView[]; onBought: (p: PurchaseView) => void }) {
  const { client } = useConsole();
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [accountId, setAccountId] = useState('');
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const attempt = useAttempt();
  const id = useId();
  const product = products.find((p) => p.sku === sku) ?? products[0];
  const payable = accounts.filter((a) => a.currency === product?.currency);
  const account = payable.find((a) => a.id === accountId) ?? payable[0];
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || !product) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const body = { sku: product.sku, quantity: Number(quantity), accountId: account?.id ?? '' };
      const purchase = await client.buy(body, { idempotencyKey: attempt.key(JSON.stringify(body)) });
      attempt.done();
      onBought(purchase);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };
  if (!product) return null;
  return (
    <form onSubmit={submit} class="inline-form" aria-label="Buy">
      <h3>Buy</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-sku`} label="Product" problem={problem} path="sku">
        {(aria) => (
          <select {...aria} value={product.sku} onChange={(e) => setSku(e.currentTarget.value)}>
            {products.map((p) => (
              <option key={p.sku} value={p.sku}>
                {p.name} ({p.price} {p.currency})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-quantity`} label="Quantity" problem={problem} path="quantity">
        {(aria) => <input {...aria} type="number" min="1" step="1" value={quantity} onInput={(e) => setQuantity(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-account`} label="Pay from" problem={problem} path="accountId">
        {(aria) => (
          <AccountSelect
            aria={aria}
            accounts={payable}
            value={account?.id ?? ''}
            onChange={setAccountId}
            empty={`No ${product.currency} account`}
          />
        )}
      </Field>
      <button type="submit" disabled={busy}>
        Buy
      </button>
    </form>
  );
}

function NewProduct({ accounts, onCreated }: { accounts: AccountView[]; onCreated: () => void }) {
  const { client } = useConsole();
  const [form, setForm] = useState({ sku: '', name: '', price: '', currency: 'EUR', stock: '1', merchantAccountId: '' });
  const [problem, setProblem] = useState<Problem | undefined>();
  const attempt = useAttempt();
  const id = useId();
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value });
  const receiving = accounts.filter((a) => a.currency === form.currency);
  const merchantAccountId = receiving.find((a) => a.id === form.merchantAccountId)?.id ?? receiving[0]?.id ?? '';
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      const body = { ...form, stock: Number(form.stock), merchantAccountId };
      await client.createProduct(body, { idempotencyKey: attempt.key(JSON.stringify(body)) });
      attempt.done();
      setForm({ ...form, sku: '', name: '', price: '' });
      onCreated();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form onSubmit={submit} class="inline-form grid" aria-label="New product">
      <h3>New product</h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-sku`} label="SKU" problem={problem} path="sku">
        {(aria) => <input {...aria} value={form.sku} onInput={set('sku')} />}
      </Field>
      <Field id={`${id}-name`} label="Product name" problem={problem} path="name">
        {(aria) => <input {...aria} value={form.name} onInput={set('name')} />}
      </Field>
      <Field id={`${id}-price`} label="Price" problem={problem} path="price">
        {(aria) => <input {...aria} inputMode="decimal" value={form.price} onInput={set('price')} />}
      </Field>
      <Field id={`${id}-currency`} label="Currency" problem={problem} path="currency">
        {(aria) => (
          <select {...aria} value={form.currency} onChange={set('currency')}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-stock`} label="Stock" problem={problem} path="stock">
        {(aria) => <input {...aria} type="number" min="0" step="1" value={form.stock} onInput={set('stock')} />}
      </Field>
      <Field id={`${id}-merchant`} label="Paid into" problem={problem} path="merchantAccountId">
        {(aria) => (
          <select {...aria} value={merchantAccountId} onChange={set('merchantAccountId')}>
            {receiving.length === 0 ? <option value="">No {form.currency} account</option> : null}
            {receiving.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit">List product</button>
    </form>
  );
}

function EditProduct({ product, onSaved }: { product: ProductView; onSaved: () => void }) {
  const { client, toast } = useConsole();
  const [price, setPrice] = useState(product.price);
  const [stock, setStock] = useState(String(product.stock));
  const [problem, setProblem] = useState<Problem | undefined>();
  const id = useId();
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      await client.updateProduct(product.sku, { price, stock: Number(stock) });
      toast(`Saved ${product.name}`, 'success');
      onSaved();
    } catch (error) {
      setProblem(problemFrom(error));
    }
  };
  return (
    <form onSubmit={submit} class="inline-form row" aria-label={`Edit ${product.name}`}>
      <h3>
        {product.name} <code>{product.sku}</code>
      </h3>
      <ProblemNotice problem={problem} />
      <Field id={`${id}-price`} label={`Price of ${product.sku}`} problem={problem} path="price">
        {(aria) => <input {...aria} inputMode="decimal" value={price} onInput={(e) => setPrice(e.currentTarget.value)} />}
      </Field>
      <Field id={`${id}-stock`} label={`Stock of ${product.sku}`} problem={problem} path="stock">
        {(aria) => <input {...aria} type="number" min="0" step="1" value={stock} onInput={(e) => setStock(e.currentTarget.value)} />}
      </Field>
      <button type="submit">Save</button>
    </form>
  );
}
