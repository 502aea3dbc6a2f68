/**
 * Every kind of alarm the stacks raise, with what to do when it fires. Each alarm's
 * description is its own finding (which queue, which functions) followed by the action here
 * and the title of its runbook entry in the README's "Alarms" section (the infra tests check
 * that every title has its entry).
 */
export const RUNBOOK = {
  'function-errors': {
    title: 'Function errors',
    action:
      'Open the functions named here in the dashboard and their log groups (Logs Insights: filter level = "ERROR"); ' +
      'a timeout or crash is the usual cause. Fix and deploy; messages that failed meanwhile wait in their DLQ.',
  },
  'function-throttles': {
    title: 'Function throttles',
    action:
      "Lambda refused invocations: the account's concurrency is used up, or a reservation is too small. " +
      'Check ConcurrentExecutions on the dashboard; raise the account quota or the manifest reservation.',
  },
  'api-errors': {
    title: 'API 5XX rate',
    action:
      'Find the failing route on the dashboard (per-route errors) and its log group; REST access logs name the caller, ' +
      'status and integration error of every request.',
  },
  'api-latency': {
    title: 'API p99 latency',
    action:
      'Compare integration latency with the route durations on the dashboard: a slow route points at its function, ' +
      'slow routes everywhere at DynamoDB throttling or cold starts after a deploy.',
  },
  'queue-age': {
    title: 'Oldest message age',
    action:
      "The queue's processor is not keeping up or not running: check its errors, throttles and concurrency on the dashboard. " +
      'Commands stay PENDING meanwhile; nothing is lost.',
  },
  'dead-letters': {
    title: 'Dead letters',
    action:
      'Read a message (SQS console, "Poll for messages") and the processor log of its failure; fix the cause, then move the ' +
      'messages back with `evenly admin redrive <name>`.',
  },
  'rule-failures': {
    title: 'Event delivery failures',
    action:
      "EventBridge could not deliver to the rule's target within its retry policy: check the target queue's policy and that " +
      'it exists. Delivered-to-DLQ events wait there: redrive them with `evenly admin redrive <rule>` after the fix.',
  },
  'schedule-heartbeat': {
    title: 'Schedule stopped',
    action:
      'The scheduled function has not run: check that its EventBridge schedule rule is enabled, its errors and throttles, ' +
      'and the schedule DLQ. A stopped sweeper leaves lost commands PENDING.',
  },
  reconciliation: {
    title: 'Reconciliation failed',
    action:
      'Read the report (`evenly admin reconcile` or the RECONCILIATION#<date> item): it lists each violation. ' +
      'Stop the money paths if balances disagree with their entries, and investigate before anything is corrected.',
  },
} as const satisfies Record<string, { readonly title: string; readonly action: string }>;

export type AlarmKind = keyof typeof RUNBOOK;

/** CloudWatch takes at most 1,024 characters of alarm description. */
export const MAX_ALARM_DESCRIPTION_CHARS = 1024;

/** How a description names its runbook entry (the infra tests look for it). */
export const runbookPointer = (kind: AlarmKind): string => `Runbook: README, Alarms, "${RUNBOOK[kind].title}".`;

export function alarmDescription(kind: AlarmKind, finding: string): string {
  const text = `${finding} ${RUNBOOK[kind].action} ${runbookPointer(kind)}`;
  if (text.length > MAX_ALARM_DESCRIPTION_CHARS) throw new Error(`Invariant: the ${kind} alarm description is over 1,024 characters`);
  return text;
}
