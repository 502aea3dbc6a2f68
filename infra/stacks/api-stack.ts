/** The REST API: its routes, their CORS preflights, the authorizer, the gateway responses, access logs and alarms. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { Manifest } from '../../manifest/manifest';
import type { Alarms } from '../constructs/alerting';
import { RestApi } from '../constructs/apis';
import type { StageSettings } from '../stage';

export interface ApiStackProps extends StackProps {
  readonly manifest: Manifest;
  readonly functionOf: (handler: string) => lambda.IFunction;
  readonly stage: StageSettings;
  readonly alarms: Alarms;
  /** Browser origins the REST API allows by CORS: the web console's distribution (ConsoleEdge). */
  readonly corsAllowedOrigins: readonly string[];
  /** An AWS WAF web ACL with a per-IP rate rule on the stage (`evenly:waf`); none when undefined. */
  readonly waf?: { readonly requestsPer5Minutes: number } | undefined;
}

export class ApiStack extends Stack {
  readonly rest: RestApi;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.rest = new RestApi(this, 'Rest', props);
    new CfnOutput(this, 'RestApiUrl', { value: this.rest.api.url });
    if (props.waf) this.addWebAcl(props.waf.requestsPer5Minutes);
  }

  /**
   * Sheds a flood from one IP before it reaches a function (the per-address limits in the
   * handlers still hold behind it). Costs a web ACL, a rule and a price per million requests
   * (README: the WAF switch).
   */
  private addWebAcl(requestsPer5Minutes: number): void {
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('evenly-rest'),
      rules: [
        {
          name: 'per-ip-rate',
          priority: 0,
          statement: { rateBasedStatement: { limit: requestsPer5Minutes, aggregateKeyType: 'IP' } },
          action: { block: { customResponse: { responseCode: 429, responseHeaders: [{ name: 'retry-after', value: '300' }] } } },
          visibilityConfig: visibility('evenly-per-ip-rate'),
        },
      ],
    });
    const stage = this.rest.api.deploymentStage;
    const association = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: stage.stageArn,
      webAclArn: acl.attrArn,
    });
    association.node.addDependency(stage);
  }
}
