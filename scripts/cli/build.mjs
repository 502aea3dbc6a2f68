/**
 * Builds the `evenly` CLI into dist/cli/ (git-ignored) with esbuild, so a call runs plain
 * JavaScript instead of compiling TypeScript first. Runs after `npm ci` (postinstall) and,
 * from bin/evenly.js, whenever a source it was built from has changed since.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'dist', 'cli');
const ENTRY = join(OUT_DIR, 'main.js');
export const ENTRY_URL = pathToFileURL(ENTRY).href;
/** The sources the last build read, relative to the repository: what makes it stale. */
const INPUTS = join(OUT_DIR, 'inputs.json');

/** Whether dist/cli is missing or older than any source it was built from. */
export function isStale() {
  let builtAtMs;
  let inputs;
  try {
    builtAtMs = statSync(ENTRY).mtimeMs;
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  return inputs.some((input) => {
    try {
      return statSync(join(ROOT, input)).mtimeMs > builtAtMs;
    } catch {
      return true;
    }
  });
}

/** Each file goes in by rename, so `evenly` calls running at the same time never read a half-written one. */
function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'cli/main.ts' },
    outdir: OUT_DIR,
    bundle: true,
    // Dependencies load from node_modules; chunks keep `admin reconcile`'s AWS SDK out of every other call.
    packages: 'external',
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const entry = result.outputFiles.find((file) => file.path === ENTRY);
  // The entry goes last: until it is there, a caller sees the previous build whole.
  for (const file of result.outputFiles) if (file !== entry) writeAtomically(file.path, file.contents);
  // Paths relative to absWorkingDir, the repository.
  const inputs = Object.keys(result.metafile.inputs);
  writeAtomically(INPUTS, JSON.stringify(inputs));
  if (entry) writeAtomically(entry.path, entry.contents);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
