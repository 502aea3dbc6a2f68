/** cdk-nag (AwsSolutions) findings we accept, each with the reason. */
import { type Stack, Validations } from 'aws-cdk-lib';

export function acknowledgeNagFindings(data: Stack, service: Stack): void {
  Validations.of(data).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason: 'Rotating the signing key signs everyone out; it is rotated by hand, documented in the README.',
  });
  const serviceReasons: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'Lambda functions use the AWS managed basic execution role for their own logs, as AWS recommends.',
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]':
      'The account-level API Gateway logging role uses the AWS managed policy made for it.',
    // The WebSocket API's logical id is part of the finding; the infra tests fail if it ever changes.
    'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<WebSocketApi273F6915>/v1/*/@connections/*]':
      'Posting to clients needs @connections/* on our own WebSocket stage: connection ids are only known at run time.',
    'AwsSolutions-IAM5[Resource::*]': 'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) only accepts the * resource.',
    'AwsSolutions-L1': 'Functions pin Node.js 22, the runtime the project is tested on; newer runtimes are adopted deliberately.',
    'AwsSolutions-APIG2':
      'Every handler validates its request with zod and answers RFC 9457 problem details; API Gateway validation would duplicate the schemas.',
    'AwsSolutions-APIG3':
      'WAF is a per-deployment choice (cost, rules); the stage has throttling and login has stricter method throttling.',
    'AwsSolutions-APIG4':
      'Public routes (health, register, login, refresh, OpenAPI) need no token; WebSocket routes other than $connect cannot carry an authorizer (an AWS limit) and read the user stored at $connect.',
    'AwsSolutions-COG4': 'Authentication uses the Lambda authorizer with Evenly JWTs instead of Cognito.',
    'AwsSolutions-SQS3': 'These queues are the dead-letter queues themselves.',
    'AwsSolutions-APIG1': 'The WebSocket stage logs through its Lambda handlers; the REST stage has access logging.',
  };
  for (const [id, reason] of Object.entries(serviceReasons)) Validations.of(service).acknowledge({ id: `AwsSolutions::${id}`, reason });
}
