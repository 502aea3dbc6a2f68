/** The REST API: its routes, their CORS preflights, the authorizer, the gateway responses, access logs and alarms. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Alarms } from '../constructs/alerting';
import { RestApi } from '../constructs/apis';
import type { Manifest } from '../manifest';
import type { StageSettings } from '../stage';

export interface ApiStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly functionOf: (handler: string) => lambda.IFunction;
  readonly stage: StageSettings;
  readonly alarms: Alarms;
  /** Browser origins the REST API allows by CORS: the web console's distribution (ConsoleEdge). */
  readonly corsAllowedOrigins: readonly string[];
}

export class ApiStack extends Stack {
  readonly rest: RestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.rest = new RestApi(this, 'Rest', props);
    new CfnOutput(this, 'RestApiUrl', { value: this.rest.api.url });
  }
}
