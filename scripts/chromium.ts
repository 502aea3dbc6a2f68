/**
 * Headless Chromium for the browser tests and the console benchmark: the binary that the
 * npm package @sparticuz/chromium ships inside itself (brotli-compressed, unpacked into the
 * temporary folder on first use), so no download and no system browser is needed.
 */
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

/** Flags for a closed network: no background connections to Google, no GPU, no sandbox (root in CI). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

/** Each launch gets a fresh, temporary profile (--user-data-dir), removed when it closes. */
export async function launchChromium(): Promise<Browser> {
  return playwright.launch({ executablePath: await chromium.executablePath(), headless: true, args: [...CHROMIUM_FLAGS] });
}
