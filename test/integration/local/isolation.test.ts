/**
 * The local runtime gives each handler what its grants give on AWS and nothing else: its
 * environment variables, and the AWS calls its role would allow (others fail with
 * AccessDeniedException before they leave the process). Code outside an invocation is not held back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { configureIsolation } from '../../../infra/local/isolation';
import { configureInvocations, invoke } from '../../../infra/local/lambda';
import { type Manifest, manifest } from '../../../manifest/manifest';
import { testRoute } from '../../support/routes';
import { useTables } from '../../support/tables';
import type { ProbeEvent, ProbeResult } from './grant-probe';

const WRITER = 'test/integration/local/grant-probe.ts';
const READER = 'test/integration/local/grant-probe-reader.ts';
const UNGRANTED = 'test/integration/local/ungranted-probe.ts';
const BUS = 'probe-bus';

/** The real manifest plus the probe three times: granted writes and publishing, reads only, nothing. */
const probes: Manifest = {
  ...manifest,
  routes: [
    ...manifest.routes,
    testRoute({ method: 'POST', path: '/probe/writer', handler: WRITER, auth: false, grants: ['main:write', 'bus:publish'] }),
    testRoute({ method: 'POST', path: '/probe/reader', handler: READER, auth: false, grants: ['main:read'] }),
    testRoute({ method: 'POST', path: '/probe/none', handler: UNGRANTED, auth: false, grants: [] }),
  ],
};

let tables: Record<string, string>;
let event: ProbeEvent;

beforeAll(async () => {
  tables = await useTables();
  // No bus runs here: an allowed PutEvents is refused by this closed local port, never sent to AWS.
  process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = 'http://127.0.0.1:9';
  event = { table: tables.main as string, bus: BUS };
  configureInvocations({ manifest: probes });
  configureIsolation(probes, { tables, queueUrls: {}, busName: BUS });
});

describe('grants on the local runtime', () => {
  it('lets a handler granted writes and publishing see its table and make every call', async () => {
    const result = await invoke<ProbeResult>(WRITER, event);
    expect(result).toMatchObject({ tableVariable: tables.main, listsTableVariable: true, read: 'ok', write: 'ok' });
    // Allowed, so it reached the (absent) bus endpoint: whatever failed there was not the grant.
    expect(result.publish).not.toMatch(/AccessDenied/);
  });

  it('refuses a write to a handler granted only reads, as IAM words it', async () => {
    const result = await invoke<ProbeResult>(READER, event);
    expect(result.read).toBe('ok');
    expect(result.write).toMatch(/^AccessDeniedException: .* is not authorized to perform: dynamodb:PutItem on resource: table\//);
    expect(result.publish).toMatch(/^AccessDeniedException: .*events:PutEvents/);
  });

  it('hides the table from a handler without a grant, and refuses its calls even when it knows the name', async () => {
    const result = await invoke<ProbeResult>(UNGRANTED, event);
    expect(result).toMatchObject({ tableVariable: undefined, listsTableVariable: false });
    expect(result.read).toMatch(/^AccessDeniedException: .*dynamodb:GetItem/);
    expect(result.write).toMatch(/^AccessDeniedException: .*dynamodb:PutItem/);
  });

  it('holds back nothing outside an invocation: the runtime and tests see and call everything', async () => {
    expect(process.env.TABLE_MAIN).toBe(tables.main);
    const { handler } = await import('./grant-probe');
    await expect(handler(event)).resolves.toMatchObject({ read: 'ok', write: 'ok' });
  });
});
