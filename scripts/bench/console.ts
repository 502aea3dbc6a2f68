/**
 * The web console's figures: its JavaScript gzipped (what a first visit downloads) and the
 * time to its first meaningful render, the sign-in page drawn by the app, in a fresh
 * headless Chromium context (nothing cached) against the running local runtime.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '../../infra/console-build';
import { launchChromium } from '../chromium';

/** The mark the console sets after its first render (console/src/app.tsx). */
const FIRST_RENDER_MARK = 'evenly:first-render';
const RENDER_TIMEOUT_MS = 15_000;

export interface ConsoleFigures {
  readonly jsGzipKb: number;
  readonly cssGzipKb: number;
  /** Navigation start → first meaningful render, median and slowest over the runs. */
  readonly firstRenderMs: { readonly median: number; readonly slowest: number; readonly runs: number };
}

function gzippedKb(dir: string, extension: string): number {
  const bytes = readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .reduce((sum, name) => sum + gzipSync(readFileSync(join(dir, name)), { level: 9 }).length, 0);
  return Math.round((bytes / 1024) * 10) / 10;
}

export async function measureConsole(consoleUrl: string, runs: number): Promise<ConsoleFigures> {
  const assets = join(buildConsole(), 'assets');
  const browser = await launchChromium();
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(consoleUrl);
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIRST_RENDER_MARK, {
        timeout: RENDER_TIMEOUT_MS,
      });
      times.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN, FIRST_RENDER_MARK));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    jsGzipKb: gzippedKb(assets, '.js'),
    cssGzipKb: gzippedKb(assets, '.css'),
    firstRenderMs: { median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0), slowest: Math.round(sorted.at(-1) ?? 0), runs },
  };
}

/** The bench table's rows for the console. */
export function consoleRows(figures: ConsoleFigures): [string, string, string][] {
  return [
    ['console JS gzipped kB (goal < 150)', String(figures.jsGzipKb), figures.jsGzipKb < 150 ? 'ok' : 'above goal'],
    [
      'console first render ms (goal < 1000)',
      String(figures.firstRenderMs.median),
      figures.firstRenderMs.slowest < 1000 ? 'ok' : 'above goal',
    ],
  ];
}
