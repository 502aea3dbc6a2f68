/**
 * The business metrics Evenly emits, named once: the emitting module (metrics.ts) and the
 * stack's dashboard and alarms both read these, so a renamed metric cannot leave a widget or
 * an alarm watching nothing. Plain constants: the CDK app imports this without Powertools.
 */
export const METRICS_NAMESPACE = 'Evenly';

/** Powertools adds the service as a dimension of every metric; the dashboard and alarms name it too. */
export const METRICS_SERVICE = 'evenly';

export const METRIC = {
  /** A command answered 202: its PENDING record is durable. Dimension: kind. */
  commandAccepted: 'CommandAccepted',
  /** A command reached COMPLETED. Dimension: kind. */
  commandCompleted: 'CommandCompleted',
  /** A command reached FAILED. Dimensions: kind, reason. */
  commandFailed: 'CommandFailed',
  /** Milliseconds from acceptance to COMPLETED. Dimension: kind. */
  timeToComplete: 'TimeToComplete',
  /** 1 when a reconciliation found a violation or could not cover the table, 0 when the books balanced. */
  reconciliationFailed: 'ReconciliationFailed',
  /** The violations one reconciliation found. */
  reconciliationViolations: 'ReconciliationViolations',
  /** The items one reconciliation read. */
  reconciliationItems: 'ReconciliationItemsScanned',
} as const;

export const DIMENSION = { service: 'service', kind: 'Kind', reason: 'Reason' } as const;
