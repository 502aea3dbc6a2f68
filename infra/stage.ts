/**
 * What differs between a development and a production deployment (`-c evenly:stage=dev|prod`,
 * default dev). Plain data: the stacks read it and never test the stage name themselves.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export { DEAD_LETTER_RETENTION_DAYS } from './dead-letters';

export type StageName = 'dev' | 'prod';

export interface StageSettings {
  readonly name: StageName;
  /** Tables refuse DeleteTable (and a stack deletion that would delete them) until it is switched off. */
  readonly deletionProtection: boolean;
  /** Tables and the signing key on stack deletion or replacement. */
  readonly statefulRemoval: RemovalPolicy;
  /** Dead-letter queues hold the messages nothing could process: evidence, kept like data in prod. */
  readonly deadLetterRemoval: RemovalPolicy;
  /** How long a message waits in a work queue before SQS drops it (SQS: 1 minute to 14 days, default 4). */
  readonly queueRetentionDays: number;
  /** Function, access and execution logs. */
  readonly logRetention: RetentionDays;
  readonly logRemoval: RemovalPolicy;
  /**
   * Reserved concurrency for the processors that declare it. A new AWS account may run only
   * 10 functions at once and keeps at least 100 unreserved, so dev accounts could not deploy
   * any reservation; their event source mappings are still capped by `maximumConcurrency`.
   */
  readonly reserveConcurrency: boolean;
}

export const STAGES: Readonly<Record<StageName, StageSettings>> = {
  dev: {
    name: 'dev',
    deletionProtection: false,
    statefulRemoval: RemovalPolicy.RETAIN,
    deadLetterRemoval: RemovalPolicy.DESTROY,
    queueRetentionDays: 4,
    logRetention: RetentionDays.ONE_MONTH,
    logRemoval: RemovalPolicy.DESTROY,
    reserveConcurrency: false,
  },
  prod: {
    name: 'prod',
    deletionProtection: true,
    statefulRemoval: RemovalPolicy.RETAIN,
    deadLetterRemoval: RemovalPolicy.RETAIN,
    queueRetentionDays: 14,
    // Long enough to answer for any day of the last year.
    logRetention: RetentionDays.THIRTEEN_MONTHS,
    logRemoval: RemovalPolicy.RETAIN,
    reserveConcurrency: true,
  },
};

/**
 * The stage a deployment asked for. `removalPolicy` (`evenly:removalPolicy`) lets a dev stack
 * drop its tables; prod refuses it rather than ignore it.
 */
export function stageSettings(stage: unknown, removalPolicy: unknown): StageSettings {
  const name = stage === undefined ? 'dev' : String(stage);
  if (name !== 'dev' && name !== 'prod') throw new Error(`evenly:stage must be dev or prod, got ${name}`);
  const settings = STAGES[name];
  if (removalPolicy === undefined || removalPolicy === 'retain') return settings;
  if (removalPolicy !== 'destroy') throw new Error(`evenly:removalPolicy must be retain or destroy, got ${String(removalPolicy)}`);
  if (settings.deletionProtection) throw new Error('evenly:removalPolicy=destroy is refused for the prod stage: its tables are protected');
  return { ...settings, statefulRemoval: RemovalPolicy.DESTROY };
}
