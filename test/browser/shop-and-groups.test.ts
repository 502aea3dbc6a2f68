/**
 * The console's shop and groups in a real Chromium: a merchant's product bought until it is
 * out of stock, and a group whose percent split is previewed exactly as stored and settled
 * up from the plan.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { EvenlyClient } from '../../shared/client/evenly-client';
import { pageErrors, screenshot, seriousA11yViolations, signInInPage, UI_WAIT_MS, useConsoleHarness } from '../support/browser';
import { signUp, uniqueEmail } from '../support/users';

const harness = useConsoleHarness();

/** Someone registered through the API with a funded EUR account, signed in on their own page. */
async function personInPage(
  name: string,
  funds?: string,
): Promise<{ page: Page; client: EvenlyClient; userId: string; accountId: string }> {
  const email = uniqueEmail(name.toLowerCase());
  const { client, session } = await signUp(harness.runtime().httpUrl, name, email);
  const account = await client.createAccount({ currency: 'EUR', name: `${name}'s wallet` });
  if (funds) await client.settled(await client.deposit(account.id, funds));
  const page = await harness.person();
  await signInInPage(page, harness.consoleUrl(), email);
  return { page, client, userId: session.user.id, accountId: account.id };
}

const area = async (page: Page, name: 'Wallets' | 'Shop' | 'Groups') => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
};

describe('the console: shop', () => {
  it('sells a listed product, fails the purchase once it is out of stock, and lets the merchant restock and reprice', async () => {
    const merchant = await personInPage('Mia');
    const buyer = await personInPage('Ben', '20.00');
    const sku = `mug-${crypto.randomUUID().slice(0, 6)}`;

    await area(merchant.page, 'Shop');
    const newProduct = merchant.page.getByRole('form', { name: 'New product' });
    await newProduct.getByLabel('SKU').fill(sku);
    await newProduct.getByLabel('Product name').fill('Blue mug');
    await newProduct.getByLabel('Price').fill('4.00');
    await newProduct.getByLabel('Stock').fill('1');
    await newProduct.getByRole('button', { name: 'List product' }).click();
    await merchant.page.getByLabel(`Stock of ${sku}`).waitFor();

    await area(buyer.page, 'Shop');
    const buy = buyer.page.getByRole('form', { name: 'Buy' });
    await buy.getByLabel('Product').selectOption(sku);
    await buy.getByRole('button', { name: 'Buy' }).click();
    await expect.poll(() => buyer.page.getByTestId(`stock-${sku}`).textContent(), { timeout: UI_WAIT_MS }).toBe('0');
    await buy.getByRole('button', { name: 'Buy' }).click();
    const history = buyer.page.locator('[data-testid^="purchase-"]');
    await expect
      .poll(() => history.allTextContents(), { timeout: UI_WAIT_MS })
      .toEqual([expect.stringContaining('failed (OUT_OF_STOCK)'), expect.stringContaining('done')]);
    expect((await buyer.client.getAccount(buyer.accountId)).balance).toBe('16.00');

    await merchant.page.getByLabel(`Stock of ${sku}`).fill('5');
    await merchant.page.getByLabel(`Price of ${sku}`).fill('4.50');
    await merchant.page.getByRole('form', { name: 'Edit Blue mug' }).getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await buyer.client.getProduct(sku)).stock, { timeout: UI_WAIT_MS }).toBe(5);
    expect((await buyer.client.getProduct(sku)).price).toBe('4.50');

    expect(await seriousA11yViolations(buyer.page)).toEqual([]);
    await screenshot(buyer.page, 'shop');
    expect([...pageErrors(merchant.page), ...pageErrors(buyer.page)]).toEqual([]);
  });
});

describe('the console: groups', () => {
  it('previews a percent split exactly as the server stores it, then settles up from the plan', async () => {
    const ada = await personInPage('Ada');
    const bob = await personInPage('Bob', '30.00');
    const bobEmail = (await bob.client.me()).email;

    await area(ada.page, 'Groups');
    await ada.page.getByLabel('Group name').fill('Ski trip');
    await ada.page.getByRole('button', { name: 'Create group' }).click();
    await ada.page.getByRole('heading', { name: 'Ski trip', level: 2 }).waitFor();
    await ada.page.getByLabel('Add a member by email').fill(bobEmail);
    await ada.page.getByRole('button', { name: 'Add member' }).click();
    await ada.page.getByRole('listitem').filter({ hasText: /^Bob$/ }).waitFor();

    const form = ada.page.getByRole('form', { name: 'Add an expense' });
    await form.getByLabel('Description').fill('Chalet');
    await form.getByLabel(/^Expense amount/).fill('10.01');
    await form.getByLabel('Split').selectOption('percent');
    await form.getByLabel('Percent for Ada').fill('33.33');
    await form.getByLabel('Percent for Bob').fill('66.67');
    const preview = {
      ada: await form.getByTestId(`preview-${ada.userId}`).textContent(),
      bob: await form.getByTestId(`preview-${bob.userId}`).textContent(),
    };
    expect(preview).toEqual({ ada: 'Ada: 3.34 EUR', bob: 'Bob: 6.67 EUR' });
    await form.getByRole('button', { name: 'Add expense' }).click();

    const groupId = (await ada.client.listGroups()).items[0]?.id as string;
    await expect.poll(async () => (await ada.client.listExpenses(groupId)).items[0]?.status, { timeout: UI_WAIT_MS }).toBe('COMPLETED');
    const stored = (await ada.client.listExpenses(groupId)).items[0]?.shares ?? [];
    const storedText = Object.fromEntries(stored.map((s) => [s.userId, s.amount]));
    expect({ ada: `Ada: ${storedText[ada.userId]} EUR`, bob: `Bob: ${storedText[bob.userId]} EUR` }).toEqual(preview);
    await expect
      .poll(() => ada.page.locator('[data-testid^="share-"]').allTextContents(), { timeout: UI_WAIT_MS })
      .toEqual(['Ada: 3.34 EUR', 'Bob: 6.67 EUR']);

    const expense = ada.page.locator('[data-testid^="expense-"]').first();
    await expense.getByRole('button', { name: 'Comments' }).click();
    await expense.getByLabel('Comment on Chalet').fill('Booked for March');
    await expense.getByRole('button', { name: 'Post comment' }).click();
    await expense.getByText('Booked for March').waitFor();

    // Ada names her receiving account; Bob pays her without knowing its id.
    await ada.page.getByLabel('Receive settlements into').selectOption(ada.accountId);
    await ada.page.getByRole('button', { name: 'Use for settlements' }).click();
    await expect.poll(async () => (await bob.client.balances(groupId)).settlements[0]?.payeeCanReceive, { timeout: UI_WAIT_MS }).toBe(true);
    await area(bob.page, 'Groups');
    const plan = bob.page.getByTestId(`plan-${bob.userId}-${ada.userId}`);
    await plan.getByText('Bob pays Ada 6.67 EUR').waitFor();
    await plan.getByRole('button', { name: 'Pay 6.67 EUR' }).click();
    await bob.page.getByText('Everyone is settled up.').waitFor();
    await ada.page.getByText('Everyone is settled up.').waitFor();
    expect((await ada.client.getAccount(ada.accountId)).balance).toBe('6.67');
    expect((await bob.client.getAccount(bob.accountId)).balance).toBe('23.33');

    expect(await seriousA11yViolations(ada.page)).toEqual([]);
    await screenshot(ada.page, 'groups');
    expect([...pageErrors(ada.page), ...pageErrors(bob.page)]).toEqual([]);
  });
});
