/**
 * Browser tests: a real headless Chromium driven by playwright-core, against the local
 * runtime serving the console (ports from the OS). The browser comes from an npm package
 * (scripts/chromium.ts), so `npm ci && npm test` needs no download and no system browser.
 * One browser per file, one context per person; everything is closed in `afterAll`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { REPO_ROOT } from '../../infra/local/lambda';
import type { LocalRuntime } from '../../infra/local/runtime';
import { launchChromium } from '../../scripts/chromium';
import { useLocalRuntime } from './runtime';
import { PASSWORD, uniqueEmail } from './users';

/** Where screenshots land: git-ignored, kept by CI as test artifacts. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts', 'console');
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;
/** Every wait on the page is bounded by this (an expectation, never a sleep). */
export const UI_WAIT_MS = 15_000;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface ConsoleHarness {
  readonly runtime: () => LocalRuntime;
  readonly consoleUrl: () => string;
  /** A new person: a fresh browser context (its own storage) with one page. */
  person(viewport?: { width: number; height: number }): Promise<Page>;
}

export function useConsoleHarness(): ConsoleHarness {
  const runtime = useLocalRuntime({ consolePort: 0 });
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });
  const consoleUrl = () => runtime().consoleUrl ?? '';
  return {
    runtime,
    consoleUrl,
    person: async (viewport = DESKTOP) => {
      if (!browser) throw new Error('the browser is not started yet');
      const context = await browser.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(UI_WAIT_MS);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      // A script error or a CSP refusal fails the test that caused it, by name.
      page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
      (page as Page & { errors: string[] }).errors = errors;
      return page;
    },
  };
}

export const pageErrors = (page: Page): string[] => (page as Page & { errors?: string[] }).errors ?? [];

/** Signs a new person up through the form; returns their email. */
export async function signUpInPage(page: Page, consoleUrl: string, name: string): Promise<string> {
  const email = uniqueEmail(name.toLowerCase());
  await page.goto(consoleUrl);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Wallets' }).waitFor();
  await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: UI_WAIT_MS }).toBe('Live');
  return email;
}

export async function signInInPage(page: Page, consoleUrl: string, email: string): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Wallets' }).waitFor();
  await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: UI_WAIT_MS }).toBe('Live');
}

/** The serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    const results = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** Runs in the page: nothing sticks out sideways (no horizontal scrolling at this width). */
export function isWithinViewportWidth(): boolean {
  const page = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
  return page.document.documentElement.scrollWidth <= page.innerWidth;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}
