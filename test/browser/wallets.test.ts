/**
 * The console's wallets in a real Chromium: money moving between two people on screen,
 * live, and pushes a client can trust after a dropped connection or a lost push.
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EvenlyClient } from '../../shared/client/evenly-client';
import {
  isWithinViewportWidth,
  PHONE,
  pageErrors,
  screenshot,
  seriousA11yViolations,
  signInInPage,
  signUpInPage,
  UI_WAIT_MS,
  useConsoleHarness,
} from '../support/browser';
import { eventually } from '../support/eventually';
import { PASSWORD, signUp } from '../support/users';

const harness = useConsoleHarness();

const textOf = (page: Page, testId: string) => () => page.getByTestId(testId).textContent();

async function openAccount(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Open account' }).click();
  const id = page.getByTestId('account-id');
  await id.waitFor();
  return (await id.textContent()) ?? '';
}

async function deposit(page: Page, amount: string): Promise<void> {
  await page.getByLabel(/^Deposit amount/).fill(amount);
  await page.getByRole('button', { name: 'Deposit' }).click();
}

describe('the console: wallets', () => {
  it('shows the sign-in page without an accessibility violation, and signs up with the keyboard alone', async () => {
    const page = await harness.person();
    await page.goto(harness.consoleUrl());
    await page.getByRole('heading', { name: 'Sign in to Evenly' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Create an account' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Kim');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`kim-${crypto.randomUUID().slice(0, 8)}@example.com`);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Wallets' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows a problem title and detail next to the field it names', async () => {
    const page = await harness.person();
    await page.goto(harness.consoleUrl());
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByLabel('Name').fill('Short');
    await page.getByLabel('Email').fill('short@example.com');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: UI_WAIT_MS }).toContain('The body is not valid.');
    const password = page.getByLabel('Password');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toMatch(/10/);
  });

  it('refreshes a session whose access token no longer works, keeping the page, and signs out', async () => {
    const page = await harness.person();
    await signUpInPage(page, harness.consoleUrl(), 'Gus');
    await openAccount(page);
    // As if the access token had expired: the next call is refused and the refresh token must step in.
    await page.evaluate(() => {
      const storage = (globalThis as unknown as { sessionStorage: { getItem(k: string): string; setItem(k: string, v: string): void } })
        .sessionStorage;
      const session = JSON.parse(storage.getItem('evenly.session'));
      storage.setItem('evenly.session', JSON.stringify({ ...session, accessToken: 'no-longer-valid' }));
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Wallets' }).waitFor();
    await expect.poll(() => page.getByTestId('selected-balance').textContent(), { timeout: UI_WAIT_MS }).toBe('0.00 EUR');
    await expect.poll(textOf(page, 'connection'), { timeout: UI_WAIT_MS }).toBe('Live');
    const refreshed = await page.evaluate(
      () =>
        JSON.parse((globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem('evenly.session'))
          .accessToken,
    );
    expect(refreshed).not.toBe('no-longer-valid');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Evenly' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Evenly' }).waitFor();
    // The browser reports the refusals of the stale token itself (the 401, the WebSocket handshake): those were the point.
    const isStaleTokenRefusal = (e: string) => e.includes('401') || e.includes('token=no-longer-valid');
    expect(pageErrors(page).filter((e) => !isStaleTokenRefusal(e))).toEqual([]);
  });

  it('pays another person once for a double click, and the payee sees the money arrive without a reload', async () => {
    const payer = await harness.person();
    await signUpInPage(payer, harness.consoleUrl(), 'Ada');
    await openAccount(payer);
    await deposit(payer, '50.00');
    await expect.poll(textOf(payer, 'selected-balance'), { timeout: UI_WAIT_MS }).toBe('50.00 EUR');

    const payee = await harness.person();
    await signUpInPage(payee, harness.consoleUrl(), 'Bob');
    const payeeAccountId = await openAccount(payee);
    await payee.evaluate(() => {
      (globalThis as unknown as { stayedOnPage: boolean }).stayedOnPage = true;
    });

    await payer.getByLabel('To account id').fill(payeeAccountId);
    await payer.getByLabel(/^Amount to send/).fill('12.50');
    await payer.getByRole('button', { name: 'Review transfer' }).click();
    await payer.getByRole('heading', { name: 'Confirm the transfer' }).waitFor();
    await payer.getByRole('button', { name: 'Confirm transfer' }).dblclick();

    await expect.poll(textOf(payee, `balance-${payeeAccountId}`), { timeout: UI_WAIT_MS }).toBe('12.50 EUR');
    await expect.poll(textOf(payer, 'selected-balance'), { timeout: UI_WAIT_MS }).toBe('37.50 EUR');
    await expect
      .poll(() => payer.locator('[data-testid^="transfer-"]').filter({ hasText: 'transfer 12.50 EUR' }).allTextContents(), {
        timeout: UI_WAIT_MS,
      })
      .toEqual([expect.stringContaining('done')]);
    expect(await payee.evaluate(() => (globalThis as unknown as { stayedOnPage?: boolean }).stayedOnPage)).toBe(true);
    expect(await payee.getByRole('row').filter({ hasText: '12.50' }).count()).toBe(1);
    expect(await seriousA11yViolations(payer)).toEqual([]);
    await screenshot(payer, 'wallets');
    expect([...pageErrors(payer), ...pageErrors(payee)]).toEqual([]);
  });

  it('reconnects a dropped WebSocket and shows what changed while it was down', async () => {
    const { client: payer } = await signUp(harness.runtime().httpUrl, 'Cy');
    const from = await payer.createAccount({ currency: 'EUR' });
    await payer.settled(await payer.deposit(from.id, '10.00'));
    let isDown = false;
    const sockets: WebSocketRoute[] = [];
    const payee = await harness.person();
    await payee.routeWebSocket(/.*/, (ws) => {
      if (isDown) return void ws.close({ code: 1011, reason: 'down for the test' });
      sockets.push(ws);
      ws.connectToServer();
    });
    const email = `dee-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await new EvenlyClient({ baseUrl: harness.runtime().httpUrl }).register({ email, password: PASSWORD, name: 'Dee' });
    await signInInPage(payee, harness.consoleUrl(), email);
    const accountId = await (async () => {
      await payee.getByRole('button', { name: 'Open account' }).click();
      return (await payee.getByTestId('account-id').textContent()) ?? '';
    })();

    isDown = true;
    for (const ws of sockets) await ws.close();
    await expect.poll(textOf(payee, 'connection'), { timeout: UI_WAIT_MS }).toBe('Offline, reconnecting…');
    await payer.settled(await payer.transfer({ fromAccountId: from.id, toAccountId: accountId, amount: '4.00', currency: 'EUR' }));
    expect(await payee.getByTestId(`balance-${accountId}`).textContent()).toBe('0.00 EUR');

    isDown = false;
    await expect.poll(textOf(payee, 'connection'), { timeout: UI_WAIT_MS }).toBe('Live');
    await expect.poll(textOf(payee, `balance-${accountId}`), { timeout: UI_WAIT_MS }).toBe('4.00 EUR');
    await payee.getByText('Reconnected; refreshed what you see').waitFor();
  });

  it('notices a lost push by the gap in seq and re-reads the account', async () => {
    const { client: payer } = await signUp(harness.runtime().httpUrl, 'Eve');
    const from = await payer.createAccount({ currency: 'EUR' });
    await payer.settled(await payer.deposit(from.id, '10.00'));
    let isDropping = false;
    const dropped: unknown[] = [];
    const payee = await harness.person(PHONE);
    await payee.routeWebSocket(/.*/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (isDropping && JSON.parse(String(message)).type === 'event') return void dropped.push(message);
        ws.send(message);
      });
    });
    const email = `fay-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await new EvenlyClient({ baseUrl: harness.runtime().httpUrl }).register({ email, password: PASSWORD, name: 'Fay' });
    await signInInPage(payee, harness.consoleUrl(), email);
    await payee.getByRole('button', { name: 'Open account' }).click();
    const accountId = (await payee.getByTestId('account-id').textContent()) ?? '';

    // A push seen first gives the page a number to count on from.
    await payer.settled(await payer.transfer({ fromAccountId: from.id, toAccountId: accountId, amount: '0.50', currency: 'EUR' }));
    await expect.poll(textOf(payee, `balance-${accountId}`), { timeout: UI_WAIT_MS }).toBe('0.50 EUR');
    // Both pushes of the next transfer (account:<id> and user:me) are lost on the way.
    isDropping = true;
    await payer.settled(await payer.transfer({ fromAccountId: from.id, toAccountId: accountId, amount: '1.00', currency: 'EUR' }));
    await eventually(() => dropped.length === 2, `both pushes of the transfer dropped, got ${JSON.stringify(dropped)}`);
    isDropping = false;
    expect(await payee.getByTestId(`balance-${accountId}`).textContent()).toBe('0.50 EUR');

    await payer.settled(await payer.transfer({ fromAccountId: from.id, toAccountId: accountId, amount: '2.00', currency: 'EUR' }));
    await payee.getByText(`Missed an update on account:${accountId}; re-read it`).waitFor();
    await expect.poll(textOf(payee, `balance-${accountId}`), { timeout: UI_WAIT_MS }).toBe('3.50 EUR');
    expect(await payee.evaluate(isWithinViewportWidth)).toBe(true);
    await screenshot(payee, 'wallets-phone');
  });
});
