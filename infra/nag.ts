/**
 * cdk-nag (AwsSolutions) findings we accept, each with its reason. Every acknowledgement is
 * made on the resource that raises the finding (never on a stack), by the construct that
 * creates it, so a new resource of the same kind elsewhere is still checked; the infra tests
 * assert that no stack or app carries one.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const REASONS = {
  'AwsSolutions-SMG4': 'Rotating the signing key signs everyone out; it is replaced by hand without a redeploy, documented in the README.',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
    'The function writes its own logs with the AWS managed basic execution role, as AWS recommends.',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]':
    'The account-level API Gateway logging role uses the AWS managed policy made for it.',
  'AwsSolutions-L1': 'Functions pin Node.js 22, the runtime the project is tested on; newer runtimes are adopted deliberately.',
  'AwsSolutions-APIG2':
    'Every handler validates its request with zod and answers RFC 9457 problem details; API Gateway validation would duplicate the schemas.',
  'AwsSolutions-APIG3': 'WAF is a per-deployment choice (cost, rules); the stage has throttling and login has stricter method throttling.',
  'AwsSolutions-COG4': 'Authentication uses the Lambda authorizer with Evenly JWTs instead of Cognito.',
  'AwsSolutions-SQS3': 'This queue is a dead-letter queue itself.',
} as const;

export type NagFinding = keyof typeof REASONS;

/** Acknowledges findings on the one resource (or the construct that owns it and its parts) that raises them. */
export function acknowledge(resource: IConstruct, ...findings: NagFinding[]): void {
  if (resource instanceof Stack) throw new Error('Invariant: cdk-nag findings are acknowledged per resource, never per stack');
  Validations.of(resource).acknowledge(...findings.map((id) => ({ id: `AwsSolutions::${id}`, reason: REASONS[id] })));
}

/** A route the manifest declares public: no authorizer, by design. */
export function acknowledgePublicRoute(method: IConstruct, route: string): void {
  Validations.of(method).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason: `${route} is public by contract (no bearer token): health, sign-up, sign-in, refresh and the API documents.`,
  });
}

/** A CORS preflight (`OPTIONS`), which API Gateway answers itself: browsers send it without a token. */
export function acknowledgePreflight(method: IConstruct, path: string): void {
  Validations.of(method).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason: `OPTIONS ${path} is a CORS preflight, sent by browsers without credentials and answered by a mock integration (no function).`,
  });
}

/** A WebSocket route after `$connect`, which is where the connection was authorized. */
export function acknowledgeWebSocketRoute(route: IConstruct, routeKey: string): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason: `WebSocket route ${routeKey} cannot carry an authorizer (an AWS limit: only $connect can); it reads the user stored at $connect.`,
  });
}

/**
 * Posting to WebSocket clients needs `@connections/*` on the stage: connection ids are only known
 * at run time. The finding names the API by its logical id, so it is computed, not typed.
 */
export function acknowledgeConnectionsWildcard(fn: IConstruct, webSocketApi: CfnElement, stageName: string): void {
  const apiId = Stack.of(webSocketApi).getLogicalId(webSocketApi);
  Validations.of(fn).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/${stageName}/*/@connections/*]`,
    reason: 'Posting to clients needs @connections/* on our own WebSocket stage: connection ids are only known at run time.',
  });
}

/** SES authorizes SendEmail against the sender and every recipient identity, and recipients are whoever registers. */
export function acknowledgeMailWildcard(fn: IConstruct): void {
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason:
      'SES checks SendEmail against the sender and each recipient identity; recipients are anyone who registers, so no narrower resource can be named.',
  });
}
