/**
 * The boundaries the style guide promises are enforced by the linter: a probe that breaks
 * each fence, linted in a temporary copy of the project's Biome configuration, must fail
 * with the fence's own message, and a pure domain module must pass.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/lambda';

const run = promisify(execFile);
const BIOME = join(REPO_ROOT, 'node_modules', '.bin', 'biome');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evenly-fences-'));
  cpSync(join(REPO_ROOT, 'biome.json'), join(dir, 'biome.json'));
  mkdirSync(join(dir, 'shared', 'domain'), { recursive: true });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function lint(path: string, source: string): Promise<{ failed: boolean; output: string }> {
  writeFileSync(join(dir, path), source);
  try {
    const { stdout, stderr } = await run(BIOME, ['lint', '--max-diagnostics=50', path], { cwd: dir });
    return { failed: false, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { failed: true, output: stdout + stderr };
  } finally {
    rmSync(join(dir, path));
  }
}

describe('the lint fences', () => {
  it('refuses the AWS SDK, Lambda types, middy, Powertools, adapter folders and process.env in the domain core', async () => {
    const { failed, output } = await lint(
      'shared/domain/probe.ts',
      [
        "import { SQSClient } from '@aws-sdk/client-sqs';",
        "import type { Context } from 'aws-lambda';",
        "import middy from '@middy/core';",
        "import { Logger } from '@aws-lambda-powertools/logger';",
        "import { documentClient } from '../dynamo/client';",
        "import { sendMessages } from '../bus/queues';",
        'export const probe = [SQSClient, middy, Logger, documentClient, sendMessages, process.env.TABLE_MAIN] as unknown as Context;',
        '',
      ].join('\n'),
    );
    expect(failed).toBe(true);
    expect(output.match(/The domain core is pure/g)).toHaveLength(4);
    expect(output.match(/The domain core imports only itself/g)).toHaveLength(2);
    expect(output).toContain('lint/style/noProcessEnv');
  });

  it('refuses shared code importing a handler', async () => {
    const { failed, output } = await lint('shared/probe.ts', "export { handler } from '../functions/api/get-health';\n");
    expect(failed).toBe(true);
    expect(output).toContain('never imports them');
  });

  it('refuses shared code importing the stack or the local runtime, or the whole manifest', async () => {
    const { failed, output } = await lint(
      'shared/probe.ts',
      "export { buildApp } from '../infra/build-app';\nexport { manifest } from '../manifest/manifest';\n",
    );
    expect(failed).toBe(true);
    expect(output).toContain('the stack and the local runtime under infra/ are above it');
    expect(output).toContain('a handler would bundle them all');
  });

  it('passes shared code naming resources through manifest/resources.ts', async () => {
    const { failed, output } = await lint('shared/probe.ts', "export { resources } from '../manifest/resources';\n");
    expect(output).not.toContain('noRestrictedImports');
    expect(failed).toBe(false);
  });

  it('passes a domain module that imports only the domain', async () => {
    const { failed, output } = await lint('shared/domain/probe.ts', "import { ok } from './result';\nexport const probe = ok;\n");
    expect(output).not.toContain('noRestrictedImports');
    expect(failed).toBe(false);
  });
});
