/**
 * Every manifest function bundled with the stack's esbuild settings: size, and module
 * init time (median over fresh node processes, minus an empty-module baseline).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../../infra/constructs/functions';
import { REPO_ROOT } from '../../infra/local/lambda';
import { functionName, handlerPaths } from '../../infra/manifest';

export interface BundleFigure {
  readonly name: string;
  readonly bytes: number;
  readonly initMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function importMs(file: string, runs: number): number {
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(`file://${file}`)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  return median(
    Array.from({ length: runs }, () =>
      Number(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, AWS_REGION: 'us-east-1' },
        }).toString(),
      ),
    ),
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
  const baseline = importMs(empty, runs);
  const figures: BundleFigure[] = [];
  for (const [index, handler] of handlers.entries()) {
    const name = functionName(handler);
    const outfile = join(outDir, `${name}.mjs`);
    await bundleHandler(handler, outfile);
    figures.push({ name, bytes: statSync(outfile).size, initMs: Math.max(0, Math.round((importMs(outfile, runs) - baseline) * 10) / 10) });
    progress(`  bundles ${index + 1}/${handlers.length}`);
  }
  return figures;
}
