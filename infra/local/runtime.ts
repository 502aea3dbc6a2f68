/**
 * The embedded local runtime: the whole system on one machine, built from the same
 * manifest as the CDK stack and running the same handler modules. Only endpoints
 * differ, through the SDK's standard `AWS_ENDPOINT_URL_*` variables.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { BusEvent } from '../../events/contract';
import { manifest as defaultManifest, type Manifest } from '../../manifest/manifest';
import { CORS_ALLOWED_ORIGINS_ENV, parseAllowedOrigins } from '../../shared/http/cors';
import { LOCAL_WEBHOOK_SECRET } from '../../shared/webhooks/signature';
import { deadLetterSources } from '../dead-letters';
import { type LocalBus, startBus } from './bus';
import { type LocalConsole, startConsole } from './console';
import { connectToDynamo, type DynamoDbLocal, LOCAL_CLIENT_CONFIG, startDynamoDbLocal } from './dynamodb';
import type { Faults } from './faults';
import { configureIsolation } from './isolation';
import { configureInvocations, invoke } from './lambda';
import { localMailbox } from './mailbox';
import { type Pollers, startPollers } from './pollers';
import { type LocalRest, startRest } from './rest';
import { type LocalQueues, startQueues } from './sqs';
import { createTables } from './tables';
import { type LocalWebSocket, startWebSocket } from './ws';

export interface LocalRuntimeOptions {
  /** HTTP port; 0 lets the OS pick. Default 3000. */
  readonly port?: number;
  /** WebSocket port; 0 lets the OS pick. Default 3001. */
  readonly wsPort?: number;
  /** Serve the web console on this port (0: the OS picks); without it, no console. */
  readonly consolePort?: number;
  /** Persist DynamoDB data (and the signing key) here. */
  readonly dataDir?: string;
  /**
   * Use this DynamoDB endpoint instead of spawning DynamoDB Local (default: the
   * `AWS_ENDPOINT_URL_DYNAMODB` variable). Credentials and region then come from the
   * SDK's own chain, as for the handlers.
   */
  readonly dynamoEndpoint?: string;
  readonly tablePrefix?: string;
  /**
   * How long a schedule's minute lasts (chaos runs, tests): a schedule of every N minutes runs
   * every N × this. Default: a real minute.
   */
  readonly scheduleIntervalMs?: number;
  /**
   * The runtime's clock: the `time` of each scheduled event, which schedules take as "now"
   * (as EventBridge sets it to the scheduled time). Default: the wall clock. Tests pass one
   * they move, and make a schedule run at once with `runSchedule`.
   */
  readonly clock?: () => Date;
  readonly faults?: Faults;
  /** Sees every event the local bus accepts. */
  readonly onEvent?: (event: BusEvent) => void;
  /** Failed messages reappear after this many seconds instead of the visibility timeout. */
  readonly retryDelaySeconds?: number;
  readonly quiet?: boolean;
  readonly env?: Record<string, string>;
  readonly manifest?: Manifest;
}

export interface LocalRuntime {
  readonly httpUrl: string;
  readonly wsUrl: string;
  /** The web console's URL, when `consolePort` was given. */
  readonly consoleUrl: string | undefined;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly busEndpoint: string;
  readonly tables: Record<string, string>;
  readonly queueUrls: Record<string, string>;
  /** DynamoDB Local's process id, when this runtime spawned it. */
  readonly dynamoPid: number | undefined;
  readonly wsConnectionCount: () => number;
  /** Runs a schedule now (after its run under way, if any), at the clock's time; its handler's result. */
  runSchedule(name: string): Promise<unknown>;
  /**
   * Settles once the runtime has stopped: fulfilled after `stop()`, rejected when DynamoDB
   * Local exited on its own and the runtime stopped everything else because of it. Nothing
   * works without DynamoDB, so unless someone handles the rejection it ends the process.
   */
  readonly ended: Promise<void>;
  stop(): Promise<void>;
}

function signingKey(dataDir: string | undefined): string {
  const file = dataDir ? join(dataDir, 'signing-key') : undefined;
  if (file && existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  if (file && dataDir) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, key, { mode: 0o600 });
  }
  return key;
}

const ONE_MINUTE_MS = 60_000;

interface Schedules {
  run(name: string): Promise<unknown>;
  stop(): void;
}

/** Each schedule on a timer, one run at a time: a tick while one runs is skipped; `run` waits its turn. */
function startSchedules(m: Manifest, minuteMs: number | undefined, clock: () => Date, log: (line: string) => void): Schedules {
  const last = new Map<string, Promise<unknown>>();
  const busy = new Set<string>();
  const run = (schedule: Manifest['schedules'][number]): Promise<unknown> => {
    const next = (last.get(schedule.name) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        busy.add(schedule.name);
        const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: clock().toISOString(), detail: {} };
        return invoke(schedule.handler, event).finally(() => busy.delete(schedule.name));
      });
    last.set(schedule.name, next);
    return next;
  };
  const timers = m.schedules.map((schedule) =>
    setInterval(
      () => {
        if (busy.has(schedule.name)) return; // skip a tick while the previous run is still going
        run(schedule).catch((error: Error) => log(`[schedule ${schedule.name}] ${error.message}`));
      },
      schedule.everyMinutes * (minuteMs ?? ONE_MINUTE_MS),
    ),
  );
  return {
    run: (name) => {
      const schedule = m.schedules.find((s) => s.name === name);
      if (!schedule) throw new Error(`No schedule named ${name} in the manifest`);
      return run(schedule);
    },
    stop: () => {
      for (const t of timers) clearInterval(t);
    },
  };
}

/**
 * Credentials and region for every SDK client here and in the handlers. DynamoDB Local and
 * the in-process emulators take any, so they get dummies unless the environment has its
 * own; another DynamoDB (LocalStack, AWS) gets whatever the SDK's chain finds.
 */
function useAwsIdentity(isDynamoLocal: boolean): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (!isDynamoLocal) return;
  process.env.AWS_REGION ??= LOCAL_CLIENT_CONFIG.region;
  process.env.AWS_ACCESS_KEY_ID ??= LOCAL_CLIENT_CONFIG.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= LOCAL_CLIENT_CONFIG.credentials.secretAccessKey;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const m = options.manifest ?? defaultManifest;
  const log = options.quiet ? () => {} : (line: string) => console.error(line);
  const prefix = options.tablePrefix ?? 'evenly';
  // Absolute once, so nothing depends on the working directory of whoever reads it later.
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const externalEndpoint = options.dynamoEndpoint || process.env.AWS_ENDPOINT_URL_DYNAMODB || undefined;
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    useAwsIdentity(externalEndpoint === undefined);
    configureInvocations({ manifest: m, warn: log });

    const dynamo: DynamoDbLocal = externalEndpoint
      ? await connectToDynamo(externalEndpoint)
      : await startDynamoDbLocal(dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    stops.push(() => dynamo.stop());
    const admin = new DynamoDBClient({ endpoint: dynamo.endpoint });
    const tables = await createTables(admin, prefix, m);
    admin.destroy();

    const queues: LocalQueues = await startQueues(prefix, m);
    stops.push(() => queues.stop());
    const sqs = new SQSClient({ endpoint: queues.endpoint });
    stops.push(() => sqs.destroy());
    const busName = `${prefix}-${m.busName}`;
    const bus: LocalBus = await startBus({
      busName,
      sqs,
      queueUrls: queues.urls,
      manifest: m,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    stops.push(() => bus.stop());

    const ws: LocalWebSocket = await startWebSocket({ port: options.wsPort ?? 3001, manifest: m, log });
    stops.push(() => ws.stop());

    // The environment handlers see, named exactly as on AWS (set before any handler loads).
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: queues.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.endpoint,
      POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      POWERTOOLS_SERVICE_NAME: m.serviceName,
      POWERTOOLS_DEV: 'true',
      SIGNING_KEY: signingKey(dataDir),
      // Settings of the local runtime (API.md): owner deposits in sandbox mode unless switched off,
      // the webhook signed with a well-known development secret unless another is given, mail
      // kept in the local mailbox; email verification stays opt-in (REQUIRE_VERIFIED_EMAIL=true).
      SANDBOX_DEPOSITS: process.env.SANDBOX_DEPOSITS ?? 'true',
      DEPOSIT_WEBHOOK_SECRET: process.env.DEPOSIT_WEBHOOK_SECRET || LOCAL_WEBHOOK_SECRET,
      LOCAL_MAILBOX: 'true',
      [m.busEnvVar]: busName,
      [m.wsEndpointEnvVar]: ws.managementEndpoint,
      ...Object.fromEntries(m.tables.map((t) => [t.envVar, tables[t.name]])),
      ...Object.fromEntries(m.queues.map((q) => [q.envVar, queues.urls[q.name]])),
      ...Object.fromEntries(deadLetterSources(m).map((source) => [source.envVar, queues.urls[source.dlqName]])),
      ...(options.env ?? {}),
    });
    // Each handler sees only its grants' variables and may call only what they allow, as on AWS.
    configureIsolation(m, { tables, queueUrls: queues.urls, busName });

    // Checked before anything listens: a malformed allow-list would fail every request.
    const corsAllowedOrigins = parseAllowedOrigins(process.env[CORS_ALLOWED_ORIGINS_ENV]);
    const rest: LocalRest = await startRest({ port: options.port ?? 3000, manifest: m, log, localRoutes: localMailbox });
    stops.push(() => rest.stop());
    let webConsole: LocalConsole | undefined;
    if (options.consolePort !== undefined) {
      webConsole = await startConsole({ port: options.consolePort, config: { apiUrl: rest.url, wsUrl: ws.url } });
      stops.push(() => webConsole?.stop());
      const consoleOrigins = [webConsole.url, webConsole.url.replace('127.0.0.1', 'localhost')];
      process.env[CORS_ALLOWED_ORIGINS_ENV] = [...new Set([...corsAllowedOrigins, ...consoleOrigins])].join(',');
    }
    const pollers: Pollers = startPollers({
      sqs,
      queueUrls: queues.urls,
      queueArns: queues.arns,
      manifest: m,
      log,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
    });
    stops.push(() => pollers.stop());
    const schedules = startSchedules(m, options.scheduleIntervalMs, options.clock ?? (() => new Date()), log);
    stops.push(() => schedules.stop());

    let stopped: Promise<void> | undefined;
    let settleEnded: (cause: Error | undefined) => void = () => {};
    const ended = new Promise<void>((fulfil, reject) => {
      settleEnded = (cause) => (cause ? reject(cause) : fulfil());
    });
    /** `cause`: why the runtime stops itself; `ended` rejects with it once everything is down. */
    const stop = (cause?: Error): Promise<void> => {
      if (!stopped) {
        stopped = stopAll();
        stopped.then(
          () => settleEnded(cause),
          () => settleEnded(cause),
        );
      }
      return stopped;
    };
    // Nothing works without the database; a stop already under way owns the exit.
    dynamo.unexpectedExit.then((error) => {
      if (stopped) return;
      log(`${error.message}. Stopping the local runtime.`);
      stop(error).catch((stopError: Error) => log(`stopping after that failed: ${stopError.message}`));
    });
    return {
      httpUrl: rest.url,
      wsUrl: ws.url,
      consoleUrl: webConsole?.url,
      dynamoEndpoint: dynamo.endpoint,
      sqsEndpoint: queues.endpoint,
      busEndpoint: bus.endpoint,
      tables,
      queueUrls: queues.urls,
      dynamoPid: dynamo.pid,
      wsConnectionCount: () => ws.connectionCount(),
      runSchedule: (name) => schedules.run(name),
      ended,
      stop: () => stop(),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

export const randomPrefix = (): string => `t${randomUUID().slice(0, 8)}`;
