/**
 * Every manifest function bundled with the stack's esbuild settings: size, and module
 * init time (median over fresh node processes, minus an empty-module baseline).
 * The timed imports go round-robin over all bundles, the baseline included, so a slow
 * spell of a shared host spreads over every function instead of landing on whichever
 * ones happened to be measured during it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../../infra/constructs/functions';
import { REPO_ROOT } from '../../infra/local/lambda';
import { functionName, handlerPaths } from '../../manifest/manifest';

export interface BundleFigure {
  readonly name: string;
  readonly bytes: number;
  readonly initMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** One fresh node process importing the file: milliseconds from before the import to after it. */
function importMs(file: string): number {
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(`file://${file}`)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  return Number(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, AWS_REGION: 'us-east-1' },
    }).toString(),
  );
}

/** One handler bundled exactly as the stack bundles it; returns the input files it holds. */
export async function bundleHandler(handler: string, outfile: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(REPO_ROOT, handler)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    external: [...BUNDLING.externalModules],
    alias: BUNDLING.alias,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

export async function measureBundles(outDir: string, runs: number, progress: (line: string) => void): Promise<BundleFigure[]> {
  mkdirSync(outDir, { recursive: true });
  const handlers = handlerPaths();
  const empty = join(outDir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const bundles: { name: string; outfile: string }[] = [];
  for (const [index, handler] of handlers.entries()) {
    const name = functionName(handler);
    const outfile = join(outDir, `${name}.mjs`);
    await bundleHandler(handler, outfile);
    bundles.push({ name, outfile });
    progress(`  bundling ${index + 1}/${handlers.length}`);
  }
  const files = [empty, ...bundles.map((b) => b.outfile)];
  const samples = files.map((): number[] => []);
  for (let run = 0; run < runs; run++) {
    for (const [index, file] of files.entries()) samples[index]?.push(importMs(file));
    progress(`  init times ${run + 1}/${runs}`);
  }
  const [baseline = 0, ...medians] = samples.map(median);
  return bundles.map(({ name, outfile }, index) => ({
    name,
    bytes: statSync(outfile).size,
    initMs: Math.max(0, Math.round(((medians[index] ?? 0) - baseline) * 10) / 10),
  }));
}
