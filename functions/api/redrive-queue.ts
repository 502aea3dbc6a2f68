/**
 * POST /admin/queues/{name}/redrive: admins move dead letters back after a fix. `name` is a
 * manifest queue, event rule or schedule: each has its dead-letter queue (infra/dead-letters.ts).
 */
import { deadLetterSource } from '../../infra/dead-letters';
import { manifest } from '../../manifest/manifest';
import { redriveQueue as contract } from '../../shared/admin/routes';
import { redrive } from '../../shared/bus/redrive';
import { requireEnv } from '../../shared/config/env';
import { httpHandler } from '../../shared/http/handler';
import { notFound } from '../../shared/http/problem';
import { json } from '../../shared/http/response';

/**
 * How long one request may spend moving messages. API Gateway ends a REST integration at
 * 29 s, cold start included; the last batch (one receive, then a send and a delete for each
 * of up to 10 messages) must finish well inside what is left.
 */
export const REDRIVE_TIME_BUDGET_MS = 20_000;

export const handler = httpHandler(contract, async ({ caller, params }) => {
  const startedAtEpochMs = Date.now();
  const source = params.name === undefined ? undefined : deadLetterSource(manifest, params.name);
  // Not an admin, or no such queue: the same 404, so neither can be probed.
  if (!caller.isAdmin || !source) throw notFound('queue');
  const target = source.target;
  const { moved, hasMore } = await redrive(
    {
      dlqUrl: requireEnv(source.envVar),
      ...(target ? { queueUrl: requireEnv(target.queue.envVar), fifo: target.queue.fifo } : { fifo: false }),
    },
    { deadlineEpochMs: startedAtEpochMs + REDRIVE_TIME_BUDGET_MS },
  );
  return json(200, { queue: source.name, moved, hasMore });
});
