/**
 * `npm run dev`: a changed handler, or a module it imports, answers the next invocation
 * with its new code, without restarting the process.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/lambda';

const artifacts = join(REPO_ROOT, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const folder = mkdtempSync(join(artifacts, 'reload-'));
const handlerFile = join(folder, 'handler.ts');
const messageFile = join(folder, 'message.ts');
let child: ChildProcessWithoutNullStreams;
/** The child's stdout lines not yet taken by `line`. */
const lines: string[] = [];
let arrived: (() => void) | undefined;

/** The next line the child prints (an event, not a poll). */
async function line(): Promise<string> {
  while (lines.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
  return lines.shift() as string;
}

async function invoke(): Promise<unknown> {
  child.stdin.write(`invoke ${handlerFile}\n`);
  let answer = await line();
  // A save that reached the watcher in two bursts reloads twice; the second is harmless.
  while (answer.startsWith('reloaded ')) answer = await line();
  expect(answer).toMatch(/^result /);
  return JSON.parse(answer.slice('result '.length));
}

beforeAll(() => {
  writeFileSync(messageFile, "export const message = 'first';\n");
  writeFileSync(handlerFile, "import { message } from './message';\nexport const handler = async () => ({ message, version: 1 });\n");
  child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(REPO_ROOT, 'test/integration/local/reload-child.ts'), folder], {
    cwd: REPO_ROOT,
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push(text);
    arrived?.();
  });
  child.on('exit', (code) => {
    lines.push(`exited ${code}`);
    arrived?.();
  });
});

afterAll(() => {
  child.kill();
  rmSync(folder, { recursive: true, force: true });
});

describe('handler reload', () => {
  it('answers with the new code of a changed handler and of a module it imports', async () => {
    expect(await invoke()).toEqual({ message: 'first', version: 1 });

    writeFileSync(messageFile, "export const message = 'second';\n");
    expect(await line()).toMatch(/^reloaded \d+$/);
    expect(await invoke()).toEqual({ message: 'second', version: 1 });

    // Saved as many editors save: a new file renamed over the old one.
    writeFileSync(
      `${handlerFile}.new`,
      "import { message } from './message';\nexport const handler = async () => ({ message, version: 2 });\n",
    );
    renameSync(`${handlerFile}.new`, handlerFile);
    expect(await line()).toMatch(/^reloaded \d+$/);
    expect(await invoke()).toEqual({ message: 'second', version: 2 });

    writeFileSync(messageFile, "export const message = 'third';\n");
    expect(await line()).toMatch(/^reloaded \d+$/);
    expect(await invoke()).toEqual({ message: 'third', version: 2 });
  });
});
