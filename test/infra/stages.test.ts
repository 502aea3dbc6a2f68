/**
 * What changes with the stage (`-c evenly:stage=prod`), room to grow (every stack far from
 * CloudFormation's 500 resources with 30 more routes than today), and the settings the stack
 * refuses to guess at. Each synthesis here is of its own app.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/build-app';
import { deadLetterSources } from '../../infra/dead-letters';
import { functionName, handlerPaths, manifest, type RouteSpec } from '../../manifest/manifest';
import { testRoute } from '../support/routes';
import { pascal, type Synthesized, synthesize } from './synth';

/** CloudFormation's limits per stack, and the share of them a stack may use today plus 30 routes. */
const RESOURCE_LIMIT = 500;
const OUTPUT_LIMIT = 200;
const HEADROOM_SHARE = 0.6;
const EXTRA_ROUTES = 30;
/** The CLI adds one AWS::CDK::Metadata resource to every stack it deploys; tests synthesize without it. */
const CLI_METADATA_RESOURCES = 1;

describe('the prod stage', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({
      'evenly:stage': 'prod',
      'evenly:alarmEmails': 'oncall@example.com, lead@example.com',
      'evenly:alarmHttpsEndpoints': 'https://hooks.example.com/evenly',
    });
  });

  it('protects the tables from deletion and keeps them, with the same logical ids', () => {
    const tables = s.resources('AWS::DynamoDB::Table');
    expect(tables.map((t) => t.id).sort()).toEqual(['TableConnections858238FA', 'TableMain51E58118']);
    for (const table of tables) {
      expect(table.properties.DeletionProtectionEnabled, table.id).toBe(true);
      expect(table.raw.DeletionPolicy, table.id).toBe('Retain');
    }
  });

  it('keeps every dead-letter queue, with SQS’s 14 days, and work queues 14 days too', () => {
    // FifoIntake's pipe queues keep the settings that construct gives them.
    const queues = s.resources('AWS::SQS::Queue').filter((q) => !q.id.startsWith('MessagingFifoIntake'));
    const dlqs = queues.filter((q) => /Dlq[0-9A-F]{8}$/.test(q.id));
    expect(dlqs).toHaveLength(deadLetterSources(manifest).length);
    for (const queue of queues) expect(queue.properties.MessageRetentionPeriod, queue.id).toBe(14 * 24 * 3600);
    for (const dlq of dlqs) expect(dlq.raw.DeletionPolicy, dlq.id).toBe('Retain');
  });

  it('keeps function, access and execution logs for over a year, past the stack', () => {
    const groups = s.resources('AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(manifest.routes.length);
    for (const group of groups) {
      expect(group.properties.RetentionInDays, group.id).toBeGreaterThanOrEqual(365);
      expect(group.raw.DeletionPolicy, group.id).toBe('Retain');
    }
  });

  it('reserves concurrency for the processors that declare it, and caps their mappings within it', () => {
    for (const queue of manifest.queues.filter((q) => q.reservedConcurrency !== undefined)) {
      const fn = s.resources('AWS::Lambda::Function').find((f) => f.id.startsWith(`Functions${pascal(functionName(queue.processor))}`));
      expect(fn?.properties.ReservedConcurrentExecutions, queue.name).toBe(queue.reservedConcurrency);
      const mapping = s.resources('AWS::Lambda::EventSourceMapping').find((m) => m.properties.FunctionName.Ref === fn?.id);
      expect(mapping?.properties.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(queue.reservedConcurrency as number);
    }
  });

  it('subscribes the addresses and endpoints the context names to the alarm topic', () => {
    const subscriptions = s.resources('AWS::SNS::Subscription').map((r) => [r.properties.Protocol, r.properties.Endpoint]);
    expect(subscriptions.sort()).toEqual([
      ['email', 'lead@example.com'],
      ['email', 'oncall@example.com'],
      ['https', 'https://hooks.example.com/evenly'],
    ]);
  });

  it('refuses to destroy the tables of a prod stack', () => {
    expect(() => synthesize({ 'evenly:stage': 'prod', 'evenly:removalPolicy': 'destroy' })).toThrow(/refused for the prod stage/);
  });

  it('refuses a stage it does not know', () => {
    expect(() => synthesize({ 'evenly:stage': 'staging' })).toThrow(/dev or prod/);
  });
});

describe('room to grow', () => {
  let dir: string;
  let s: Synthesized;
  beforeAll(() => {
    // Thirty more routes, each with a function of its own, in the concern that has the most already.
    const cacheDir = join(PROJECT_ROOT, 'node_modules', '.cache');
    mkdirSync(cacheDir, { recursive: true });
    dir = mkdtempSync(join(cacheDir, 'extra-routes-'));
    const counts = new Map<string, number>();
    for (const route of manifest.routes) counts.set(route.concern ?? '', (counts.get(route.concern ?? '') ?? 0) + 1);
    const busiest = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
    const extra: RouteSpec[] = Array.from({ length: EXTRA_ROUTES }, (_, i) => {
      const file = join(dir, `extra-${i}.ts`);
      writeFileSync(file, 'export const handler = async () => ({ statusCode: 204, body: "" });\n');
      return testRoute({ concern: busiest, method: 'POST', path: `/extra-${i}/{id}`, handler: relative(PROJECT_ROOT, file), auth: true });
    });
    s = synthesize({}, { ...manifest, routes: [...manifest.routes, ...extra] });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every stack within ${HEADROOM_SHARE * 100}% of CloudFormation's ${RESOURCE_LIMIT} resources with ${EXTRA_ROUTES} more routes`, () => {
    const counts = Object.fromEntries(
      Object.entries(s.json).map(([name, t]) => [name, Object.keys(t.Resources ?? {}).length + CLI_METADATA_RESOURCES]),
    );
    for (const [name, count] of Object.entries(counts))
      expect(count, `${name}: ${JSON.stringify(counts)}`).toBeLessThanOrEqual(RESOURCE_LIMIT * HEADROOM_SHARE);
  });

  it(`keeps every stack within ${HEADROOM_SHARE * 100}% of CloudFormation's ${OUTPUT_LIMIT} outputs (exports to other stacks)`, () => {
    for (const [name, template] of Object.entries(s.json)) {
      expect(Object.keys(template.Outputs ?? {}).length, name).toBeLessThanOrEqual(OUTPUT_LIMIT * HEADROOM_SHARE);
    }
  });
});

describe('settings the stack refuses to guess', () => {
  it('refuses two manifest entries that give one function different memory', () => {
    const [first] = manifest.routes;
    const twin = { ...(first as RouteSpec), method: 'PUT' as const, memoryMB: 2048 };
    expect(() => synthesize({}, { ...manifest, routes: [...manifest.routes, twin] })).toThrow(/one function has one memory size, timeout/);
  });

  it('refuses two manifest entries that give one function different timeouts', () => {
    const redrive = manifest.routes.find((r) => r.timeoutSeconds !== undefined) as RouteSpec;
    const twin = { ...redrive, path: `${redrive.path}/again`, timeoutSeconds: undefined };
    const { timeoutSeconds: _dropped, ...withoutTimeout } = twin;
    expect(() => synthesize({}, { ...manifest, routes: [...manifest.routes, withoutTimeout] })).toThrow(
      /one function has one memory size, timeout/,
    );
  });

  it('accepts a handler named twice with the same settings, as one function', () => {
    const [first] = manifest.routes;
    const twin = { ...(first as RouteSpec), method: 'PUT' as const };
    const s = synthesize({}, { ...manifest, routes: [...manifest.routes, twin] });
    expect(s.resources('AWS::Lambda::Function').filter((f) => f.id.startsWith('Functions'))).toHaveLength(handlerPaths().length);
  });
});
