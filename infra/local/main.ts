/**
 * `npm start`: the whole of Evenly on this machine. Ctrl-C (SIGINT) or SIGTERM stops
 * every piece, DynamoDB Local included; if DynamoDB Local dies, everything stops with exit code 1.
 */
import { parseArgs } from 'node:util';
import { RELOADED_FOLDERS, reloadHandlersOnChange } from './reload';
import { startLocalRuntime } from './runtime';

const { values } = parseArgs({
  options: { data: { type: 'string' }, reload: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  allowPositionals: false,
});

if (values.help) {
  console.log(`Usage: npm start [-- --data DIR] [--reload]   (npm run dev: --reload)

  --data DIR   keep DynamoDB data and the signing key in DIR across restarts
  --reload     reload handlers when a file under functions/, shared/ or events/ changes
  PORT         HTTP port (default 3000)
  WS_PORT      WebSocket port (default 3001)
  CONSOLE_PORT web console port (default 3002)
  CORS_ALLOWED_ORIGINS  more browser origins the API allows, comma-separated
               (the console's own is always allowed)
  AWS_ENDPOINT_URL_DYNAMODB   use this DynamoDB instead of DynamoDB Local, with the
               region and credentials the AWS SDK finds (AWS_REGION, AWS_PROFILE, …)
  LOG_LEVEL    handler log level (default WARN)`);
  process.exit(0);
}

const startedAt = Date.now();
const runtime = await startLocalRuntime({
  port: Number(process.env.PORT ?? 3000),
  wsPort: Number(process.env.WS_PORT ?? 3001),
  consolePort: Number(process.env.CONSOLE_PORT ?? 3002),
  ...(values.data ? { dataDir: values.data } : {}),
  ...(process.env.AWS_ENDPOINT_URL_DYNAMODB ? { dynamoEndpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
}).catch((error: Error) => {
  console.error(`Evenly could not start: ${error.message}`);
  process.exit(1);
});

console.log(`Evenly is running (ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s). Ctrl-C stops it.`);
console.log(`HTTP: ${runtime.httpUrl}`);
console.log(`WebSocket: ${runtime.wsUrl}`);
console.log(`Console: ${runtime.consoleUrl}`);
if (values.reload) {
  const reload = reloadHandlersOnChange((changed, generation) =>
    console.log(`${changed} changed: handlers reload (generation ${generation})`),
  );
  runtime.ended.finally(() => reload.stop()).catch(() => undefined);
  console.log(`Handlers reload when ${RELOADED_FOLDERS.map((f) => `${f}/`).join(', ')} change; restart for manifest changes.`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received, stopping…`);
    runtime.stop().catch((error: Error) => {
      console.error(`stop failed: ${error.message}`);
      process.exitCode = 1;
    });
  });
}

// Ended by a signal: 0 unless stopping failed. Ended on its own (DynamoDB Local died, and the
// runtime has said so): 1, so whatever started it sees the failure.
runtime.ended.then(
  () => process.exit(process.exitCode ?? 0),
  () => process.exit(1),
);
