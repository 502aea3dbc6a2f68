/**
 * fauxqs on its own thread (started by sqs.ts): SQS is an engine beside the runtime, as
 * DynamoDB Local is, so serving its requests does not take the handlers' event loop. Plain
 * JavaScript because a worker loads without the TypeScript loader its parent may run under.
 *
 * workerData.queues: `{ key, name, attributes, deadLetterTo?, maxReceiveCount? }` in creation
 * order; a queue with `deadLetterTo` gets a RedrivePolicy to the queue of that key, created first.
 * Posts `{ port, created: { key: { url, arn } } }` once every queue exists, or `{ error }`;
 * any message from the parent stops the server, and the thread ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFauxqs } from 'fauxqs';

try {
  const server = await startFauxqs({ port: 0, logger: false, host: 'localhost' });
  const created = {};
  for (const queue of workerData.queues) {
    const attributes = { ...queue.attributes };
    if (queue.deadLetterTo) {
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: created[queue.deadLetterTo].arn,
        maxReceiveCount: queue.maxReceiveCount,
      });
    }
    const made = server.createQueue(queue.name, { attributes });
    created[queue.key] = { url: made.queueUrl, arn: made.queueArn };
  }
  parentPort.once('message', async () => {
    await server.stop();
    parentPort.close();
  });
  parentPort.postMessage({ port: server.port, created });
} catch (error) {
  parentPort.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
