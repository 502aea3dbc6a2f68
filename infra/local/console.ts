/**
 * The web console on the local runtime: built once (console-build.ts: cached until its
 * sources change), then served as static files with
 * the same security headers CloudFront adds in the stack, and a `config.json` naming this
 * runtime's API and WebSocket URLs, the one thing that differs between deployments.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { buildConsole } from '../console-build';
import { consoleSecurityHeaders } from '../console-headers';
import { listenLocally } from './ports';

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
  const dir = options.dir ?? buildConsole();
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
  const listening = await listenLocally(server, options.port);
  const { port } = listening;
  return { url: `http://127.0.0.1:${port}`, port, stop: listening.close };
}
