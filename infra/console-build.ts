/**
 * The web console's build, for the local runtime and the stack alike: Vite bundles it into a
 * cache folder named by a hash of its sources, so it is built once and again only when they
 * change. Vite runs in a child process: the stack is synthesized synchronously.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Everything the console bundle is built from; a change to any of these rebuilds it. All of
 * `shared/`: the client reads the route contracts, and they the schemas of every domain.
 */
export const CONSOLE_SOURCES = ['console', 'shared', 'package-lock.json'] as const;
export const CONSOLE_ROOT = join(REPO_ROOT, 'console');
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'evenly-console');
const VITE_CLI = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
/** Folders under the sources that are no source: dependencies and build output. */
const IGNORED = new Set(['node_modules', 'dist']);
/** A cold build takes a few seconds; this bounds a stuck one. */
const BUILD_TIMEOUT_MS = 120_000;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => !IGNORED.has(name))
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of the console's sources: names and contents, in a stable order. */
export function consoleSourceHash(): string {
  const hash = createHash('sha256');
  for (const file of CONSOLE_SOURCES.flatMap((source) => filesUnder(join(REPO_ROOT, source)))) {
    hash.update(relative(REPO_ROOT, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder holding the built console, building it first unless a build of these very
 * sources is cached. A build goes to a temporary folder renamed into place, so two
 * processes building at once never serve a half-written one.
 */
export function buildConsole(): string {
  const target = join(CACHE_DIR, consoleSourceHash());
  if (existsSync(join(target, 'index.html'))) return target;
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  execFileSync(
    process.execPath,
    [VITE_CLI, 'build', '--config', join(CONSOLE_ROOT, 'vite.config.ts'), '--outDir', temporary, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: BUILD_TIMEOUT_MS },
  );
  try {
    renameSync(temporary, target);
  } catch (error) {
    // Another process finished the same build first: theirs is as good.
    if (!existsSync(join(target, 'index.html'))) throw error;
    rmSync(temporary, { recursive: true, force: true });
  }
  return target;
}
