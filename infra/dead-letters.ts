/**
 * Every dead-letter queue, whatever fills it, and where `admin redrive <name>` moves its
 * messages. Plain data from the manifest: the stack creates and alarms these queues, the local
 * runtime creates them, and the redrive route finds them here.
 *
 * - A manifest queue's DLQ (`<queue>-dlq`): messages its processor failed `maxReceiveCount`
 *   times. Redrive sends them back to the queue, in their own message groups.
 * - An event rule's DLQ (`<rule>-rule-dlq`): events EventBridge could not deliver to the
 *   rule's queue within its retry policy. Each message is the event itself; redrive sends it to
 *   the rule's queue, grouped as the rule groups it. The local bus delivers in-process and never
 *   fills these.
 * - A schedule's DLQ (`<schedule>-schedule-dlq`): ticks EventBridge could not invoke the
 *   schedule's function for. A tick carries no work (the function reads what to do from the
 *   table), so there is nothing to send back: redrive empties the queue once the cause is fixed,
 *   and the next tick does the work.
 */
import { dlqEnvVar, dlqName, type Manifest, type QueueSpec } from '../manifest/manifest';

/** SQS's maximum retention: a dead letter waits this long for its fix and redrive. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

export type DeadLetterOrigin = 'queue' | 'rule' | 'schedule';

export interface DeadLetterSource {
  /** What `admin redrive` is called with: the queue's, rule's or schedule's manifest name. */
  readonly name: string;
  readonly origin: DeadLetterOrigin;
  /** Logical name of the dead-letter queue. */
  readonly dlqName: string;
  /** Environment variable holding the DLQ's URL. */
  readonly envVar: string;
  /** A FIFO queue's DLQ is FIFO too; EventBridge dead-letter queues must be standard queues. */
  readonly fifo: boolean;
  /** Where redriven messages go; none for a schedule. */
  readonly target?: {
    readonly queue: QueueSpec;
  };
}

/** `notify-outcomes` → `NOTIFY_OUTCOMES`. */
const constantCase = (name: string): string => name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

const queueNamed = (m: Manifest, name: string): QueueSpec => {
  const queue = m.queues.find((q) => q.name === name);
  if (!queue) throw new Error(`No manifest queue named ${name}`);
  return queue;
};

export function deadLetterSources(m: Manifest): DeadLetterSource[] {
  return [
    ...m.queues.map(
      (queue): DeadLetterSource => ({
        name: queue.name,
        origin: 'queue',
        dlqName: dlqName(queue),
        envVar: dlqEnvVar(queue),
        fifo: queue.fifo,
        target: { queue },
      }),
    ),
    ...m.rules.map(
      (rule): DeadLetterSource => ({
        name: rule.name,
        origin: 'rule',
        dlqName: `${rule.name}-rule-dlq`,
        envVar: `RULE_${constantCase(rule.name)}_DLQ_URL`,
        fifo: false,
        target: { queue: queueNamed(m, rule.queue) },
      }),
    ),
    ...m.schedules.map(
      (schedule): DeadLetterSource => ({
        name: schedule.name,
        origin: 'schedule',
        dlqName: `${schedule.name}-schedule-dlq`,
        envVar: `SCHEDULE_${constantCase(schedule.name)}_DLQ_URL`,
        fifo: false,
      }),
    ),
  ];
}

/** The dead letters `admin redrive <name>` means, if any. */
export function deadLetterSource(m: Manifest, name: string): DeadLetterSource | undefined {
  return deadLetterSources(m).find((source) => source.name === name);
}
