import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/local/lambda';
import { freePort } from '../../infra/local/ports';
import { eventually } from '../support/eventually';
import { isAlive } from '../support/processes';
import { useLocalRuntime } from '../support/runtime';
import { handshake } from '../support/ws-client';

const runtime = useLocalRuntime();

describe('the local runtime', () => {
  it('reports every component healthy', async () => {
    const res = await fetch(`${runtime().httpUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', components: { dynamodb: 'ok', bus: 'ok', queues: 'ok' } });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await fetch(`${runtime().httpUrl}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: 'not-found', status: 404 });
  });

  it('serves its OpenAPI document and the interactive docs page without a token', async () => {
    const doc = await fetch(`${runtime().httpUrl}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(await doc.json()).toMatchObject({ openapi: '3.1.0', paths: expect.objectContaining({ '/transfers': expect.any(Object) }) });
    const page = await fetch(`${runtime().httpUrl}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/openapi.json');
  });

  it('serves the AsyncAPI document of its WebSocket protocol without a token', async () => {
    const doc = await fetch(`${runtime().httpUrl}/asyncapi.json`);
    expect(doc.status).toBe(200);
    expect(await doc.json()).toMatchObject({ asyncapi: '3.0.0', operations: expect.objectContaining({ subscribe: expect.any(Object) }) });
  });

  it('refuses a WebSocket connection without a valid token', async () => {
    expect(await handshake(runtime().wsUrl)).toMatchObject({ opened: false, status: 401 });
    expect(await handshake(`${runtime().wsUrl}?token=not-a-jwt`)).toMatchObject({ opened: false, status: 401 });
  });

  it('answers 410 Gone on @connections for an unknown connection, with and without the stage', async () => {
    const base = runtime().wsUrl.replace('ws://', 'http://');
    for (const path of ['/@connections/nope', '/v1/@connections/nope']) {
      const res = await fetch(`${base}${path}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(410);
    }
  });
});

describe('npm start', () => {
  it('prints both URLs, serves /health and stops cleanly on SIGTERM without leaving DynamoDB Local behind', async () => {
    const [port, wsPort] = [await freePort(), await freePort()];
    let javaPids: number[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port), WS_PORT: String(wsPort), AWS_ENDPOINT_URL_DYNAMODB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await eventually(() => output.includes('WebSocket:') || child.exitCode !== null, 'the runtime to print its URLs, or to exit', {
        timeoutMs: 30_000,
      });
      expect(output).toContain(`HTTP: http://127.0.0.1:${port}`);
      expect(output).toContain(`WebSocket: ws://127.0.0.1:${wsPort}`);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      javaPids = await childJavaPids(child.pid as number);
      expect(javaPids.length).toBe(1);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of javaPids) expect(isAlive(pid), `DynamoDB Local ${pid} outlived npm start`).toBe(false);
    } finally {
      // Whatever failed above, leave nothing running.
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const pid of javaPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});

async function childJavaPids(parentPid: number): Promise<number[]> {
  const { execFileSync } = await import('node:child_process');
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,comm=']).toString();
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, ppid, comm]) => Number(ppid) === parentPid && comm === 'java')
    .map(([pid]) => Number(pid));
}
