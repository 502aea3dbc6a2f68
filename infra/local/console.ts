/**
 * The web console on the local runtime: built once with Vite into a cache folder named by a
 * hash of its sources (a rebuild only when they change), then served as static files with
 * the same security headers CloudFront adds in the stack, and a `config.json` naming this
 * runtime's API and WebSocket URLs, the one thing that differs between deployments.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';
import { consoleSecurityHeaders } from '../console-headers';
import { REPO_ROOT } from './lambda';

/** Everything the console bundle is built from; a change to any of these rebuilds it. */
export const CONSOLE_SOURCES = ['console', 'shared/client', 'shared/domain', 'package-lock.json'] as const;
export const CONSOLE_ROOT = join(REPO_ROOT, 'console');
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'evenly-console');
/** Files under console/ that are not sources: the build's own output and dependencies. */
const IGNORED = new Set(['node_modules', 'dist']);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

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
 * sources is cached. Builds go to a temporary folder renamed into place, so two processes
 * building at once never serve a half-written one.
 */
export async function buildConsole(outDir?: string): Promise<string> {
  const target = outDir ?? join(CACHE_DIR, consoleSourceHash());
  if (existsSync(join(target, 'index.html'))) return target;
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: temporary, emptyOutDir: true } });
  try {
    renameSync(temporary, target);
  } catch (error) {
    // Another process finished the same build first: theirs is as good.
    if (!existsSync(join(target, 'index.html'))) throw error;
    rmSync(temporary, { recursive: true, force: true });
  }
  return target;
}

export interface ConsoleConfig {
  readonly apiUrl: string;
  readonly wsUrl: string;
}

export interface LocalConsole {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startConsole(options: { port: number; config: ConsoleConfig; dir?: string }): Promise<LocalConsole> {
  const dir = options.dir ?? (await buildConsole());
  const configBody = JSON.stringify(options.config);
  const security = consoleSecurityHeaders(options.config);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...security });
      return void res.end();
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...security });
      return void res.end(configBody);
    }
    // A path without an extension is a page of the single-page app: index.html answers it.
    const file = normalize(join(dir, extname(path) ? path : 'index.html'));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...security });
      return void res.end('Not found');
    }
    const isHashed = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed asset names change with their content; index.html must always be fresh.
      'cache-control': isHashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...security,
    });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
