/**
 * The REST API (v1) and the WebSocket API (v2), routes from the manifest. The REST API's
 * functions live in the stacks of their concerns: it reaches each one through an imported
 * reference, so the invoke permission for the API is created here, beside the API, and no
 * concern stack depends on the API's (which would make a cycle).
 */
import { CfnOutput, Duration, NestedStack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_STAGE, functionName, type Manifest } from '../../manifest/manifest';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from '../../shared/http/cors';
import { allowedMethods, GATEWAY_PROBLEMS, methodNotAllowed } from '../../shared/http/gateway-problems';
import { problemResponse } from '../../shared/http/problem';
import { pascal } from '../logical-ids';
import { acknowledge, acknowledgePreflight, acknowledgePublicRoute, acknowledgeWebSocketRoute } from '../nag';
import type { StageSettings } from '../stage';
import type { Alarms } from './alerting';

export const STAGE = API_STAGE;
/** Stage-wide throttling, and a stricter one on login against password guessing. */
export const STAGE_RATE_PER_SECOND = 100;
export const STAGE_BURST = 200;
export const LOGIN_RATE_PER_SECOND = 5;
export const LOGIN_BURST = 10;
/**
 * WebSocket messages per second over all connections: clients send only subscriptions and
 * pings (one a minute against the 10-minute idle limit), so this is far above honest use.
 */
export const WS_RATE_PER_SECOND = 50;
export const WS_BURST = 100;

/** The share of REST requests answered 5XX over 5 minutes, twice running, that pages someone. */
export const API_5XX_RATE = 0.01;
/** The REST p99 latency (including authorizer and function) that pages someone when it lasts 15 minutes. */
export const API_P99_LATENCY_MS = 1_500;

/** API Gateway's own request id, substituted into each gateway response when it is sent. */
export const GATEWAY_REQUEST_ID = '$context.requestId';

const F = apigw.AccessLogField;

/**
 * One JSON line per REST request: who called (the authorizer's user), what, the outcome, how
 * long it took at the edge and in the function, and why it failed, whoever failed it.
 */
export const REST_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: F.contextRequestId(),
  extendedRequestId: F.contextExtendedRequestId(),
  time: F.contextRequestTime(),
  sourceIp: F.contextIdentitySourceIp(),
  userAgent: F.contextIdentityUserAgent(),
  caller: F.contextAuthorizerPrincipalId(),
  roles: F.contextAuthorizer('roles'),
  method: F.contextHttpMethod(),
  resourcePath: F.contextResourcePath(),
  path: F.contextPath(),
  status: F.contextStatus(),
  responseLength: F.contextResponseLength(),
  responseLatencyMs: F.contextResponseLatency(),
  integrationLatencyMs: F.contextIntegrationLatency(),
  integrationStatus: F.contextIntegrationStatus(),
  authorizerLatencyMs: F.contextAuthorizerLatency(),
  error: F.contextErrorMessage(),
  errorType: F.contextErrorResponseType(),
  integrationError: F.contextIntegrationErrorMessage(),
  authorizerError: F.contextAuthorizerError(),
};

/** The same for WebSocket connections and messages. */
export const WS_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: F.contextRequestId(),
  extendedRequestId: F.contextExtendedRequestId(),
  time: F.contextRequestTime(),
  sourceIp: F.contextIdentitySourceIp(),
  caller: F.contextAuthorizerPrincipalId(),
  connectionId: F.contextConnectionId(),
  eventType: F.contextEventType(),
  routeKey: F.contextRouteKey(),
  status: F.contextStatus(),
  integrationLatencyMs: F.contextIntegrationLatency(),
  error: F.contextErrorMessage(),
  integrationError: F.contextIntegrationErrorMessage(),
  authorizerError: F.contextAuthorizerError(),
};

/** Every value quoted: a field API Gateway has no value for is written `-`, which would not be JSON unquoted. */
const jsonLine = (fields: Readonly<Record<string, string>>): apigw.AccessLogFormat => apigw.AccessLogFormat.custom(JSON.stringify(fields));

export interface RestApiProps {
  readonly manifest: Manifest;
  /** The function of a handler, wherever its concern deployed it. */
  readonly functionOf: (handler: string) => lambda.IFunction;
  readonly stage: StageSettings;
  readonly alarms: Alarms;
  /** Browser origins allowed by CORS (the web console's distribution): preflights and gateway responses name them. */
  readonly corsAllowedOrigins?: readonly string[];
}

export class RestApi extends Construct {
  readonly api: apigw.RestApi;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    const cors = props.corsAllowedOrigins ?? [];
    const imported = new Map<string, lambda.IFunction>();
    /** The function as seen from here: permissions added to it are created in this stack. */
    // A route's function leaves its invoke permission to addRouteInvokePermissions (a nested
    // stack): imported as if from elsewhere, the integration adds none, and `skipPermissions`
    // says that is meant. The authorizer keeps the permission its construct grants.
    const routeHandlers = new Set(props.manifest.routes.map((r) => r.handler));
    const local = (handler: string): lambda.IFunction => {
      let fn = imported.get(handler);
      if (!fn) {
        const permittedElsewhere = routeHandlers.has(handler) && handler !== props.manifest.authorizer.handler;
        fn = lambda.Function.fromFunctionAttributes(this, `${pascal(functionName(handler))}Fn`, {
          functionArn: props.functionOf(handler).functionArn,
          sameEnvironment: !permittedElsewhere,
          skipPermissions: permittedElsewhere,
        });
        imported.set(handler, fn);
      }
      return fn;
    };
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.logRemoval,
    });
    const loginPath = '/auth/login';
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Evenly HTTP API',
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: props.stage.logRemoval,
      deployOptions: {
        stageName: STAGE,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        throttlingRateLimit: STAGE_RATE_PER_SECOND,
        throttlingBurstLimit: STAGE_BURST,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: jsonLine(REST_ACCESS_LOG_FIELDS),
        methodOptions: props.manifest.routes.some((r) => r.path === loginPath && r.method === 'POST')
          ? { [`${loginPath}/POST`]: { throttlingRateLimit: LOGIN_RATE_PER_SECOND, throttlingBurstLimit: LOGIN_BURST } }
          : {},
      },
    });
    // The gateway's own answers (a refused token above all) must be readable by the console,
    // which refreshes its session on a 401. A gateway response has static headers, so this
    // works for one origin: the console's.
    const gatewayCors: Record<string, string> =
      cors.length === 1
        ? {
            'access-control-allow-origin': cors[0] as string,
            'access-control-expose-headers': CORS_EXPOSED_HEADERS.join(', '),
            vary: 'origin',
          }
        : {};
    for (const [type, problem] of Object.entries(GATEWAY_PROBLEMS)) {
      const response = problemResponse(problem, GATEWAY_REQUEST_ID);
      this.api.addGatewayResponse(type, {
        type: apigw.ResponseType.of(type),
        statusCode: String(response.statusCode),
        // Header values are static strings in single quotes.
        responseHeaders: Object.fromEntries(
          Object.entries({ ...response.headers, ...gatewayCors }).map(([name, value]) => [name, `'${value}'`]),
        ),
        // Gateway response templates only substitute variables; API Gateway picks one by content type.
        templates: { 'application/json': response.body, 'application/problem+json': response.body },
      });
    }
    // The authorizer allows the whole stage, so a cached policy never denies another route.
    const authorizer = new apigw.TokenAuthorizer(this, 'Authorizer', {
      handler: local(props.manifest.authorizer.handler),
      resultsCacheTtl: Duration.seconds(props.manifest.authorizer.resultsCacheTtlSeconds),
    });
    for (const route of props.manifest.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      // Without the console's test-invoke permission: one Lambda permission per route instead of two,
      // headroom under CloudFormation's 500 resources per stack.
      const method = resource.addMethod(route.method, new apigw.LambdaIntegration(local(route.handler), { allowTestInvoke: false }), {
        ...(route.auth
          ? { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM }
          : { authorizationType: apigw.AuthorizationType.NONE }),
      });
      acknowledge(method, 'AwsSolutions-COG4');
      if (!route.auth) acknowledgePublicRoute(method, `${route.method} ${route.path}`);
    }
    this.addRouteInvokePermissions(props.manifest, local);
    // Preflights, answered by API Gateway itself (a mock integration), on each path a browser
    // must ask first: any with a token or a JSON body. A plain GET (health, the documents) is a
    // simple request and needs none. One method per path, in a nested stack of their own: they
    // grow with the routes as the methods and permissions do, and CloudFormation counts a nested
    // template's resources apart from its parent's (500 each). The deployment still waits for
    // them (CDK makes it depend on the nested stack) and changes with them.
    if (cors.length > 0) {
      const preflights = new NestedStack(this, 'Preflights', { description: 'Evenly REST API: CORS preflights of the web console' });
      const preflightPaths = new Set(props.manifest.routes.filter((r) => r.auth || r.method !== 'GET').map((r) => r.path));
      for (const path of preflightPaths) {
        const resource = this.api.root.resourceForPath(path);
        // The path as seen from the nested stack: the method is created there, on the API's resource.
        const here = apigw.Resource.fromResourceAttributes(preflights, `Path${path.replace(/\//g, '.')}`, {
          // `RestApi` as the `IRestApi` it is: aws-cdk-lib's types disagree under exactOptionalPropertyTypes only.
          restApi: this.api as unknown as apigw.IRestApi,
          resourceId: resource.resourceId,
          path: resource.path,
        });
        const preflight = here.addCorsPreflight({
          allowOrigins: [...cors],
          allowMethods: [...CORS_ALLOWED_METHODS],
          allowHeaders: [...CORS_ALLOWED_HEADERS],
          maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
          statusCode: 204,
        });
        // Answered by API Gateway itself, with no token: a browser sends none on a preflight.
        acknowledge(preflight, 'AwsSolutions-COG4');
        acknowledgePreflight(preflight, path);
      }
    }
    this.addMethodNotAllowed(props.manifest);
    acknowledge(this.api, 'AwsSolutions-APIG2');
    acknowledge(this.api.deploymentStage, 'AwsSolutions-APIG3');
    const cloudWatchRole = this.api.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      acknowledge(
        cloudWatchRole,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      );
    }
    this.addAlarms(props.alarms);
  }

  /**
   * API Gateway's permission to invoke each route's function, scoped to that method and path
   * of this API's stage, as the integration would grant it. In a nested stack of their own:
   * they grow one per route, and a nested template's resources count apart from its
   * parent's (500 each), as the preflights and the 405s do.
   */
  private addRouteInvokePermissions(m: Manifest, fnOf: (handler: string) => lambda.IFunction): void {
    const nested = new NestedStack(this, 'Permissions', { description: 'Evenly REST API: invoke permissions of the route functions' });
    for (const route of m.routes) {
      const path = route.path.replace(/\{[^}]+\}/g, '*');
      new lambda.CfnPermission(nested, `${route.method}${route.path.replace(/[^A-Za-z0-9]/g, '.')}`, {
        action: 'lambda:InvokeFunction',
        functionName: fnOf(route.handler).functionArn,
        principal: 'apigateway.amazonaws.com',
        sourceArn: this.api.arnForExecuteApi(route.method, path, this.api.deploymentStage.stageName),
      });
    }
  }

  /**
   * 405 with `Allow` for a method a known path lacks (API.md), as the local runtime answers:
   * API Gateway prefers a resource's explicit methods to its ANY method, so an ANY method
   * answered by API Gateway itself (a mock integration, no function, no token) catches only
   * the methods the path does not have. One method per path, in a nested stack of their own
   * like the preflights, so they never crowd the API stack's 500 resources.
   */
  private addMethodNotAllowed(m: Manifest): void {
    const byPath = new Map<string, string[]>();
    for (const route of m.routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
    const nested = new NestedStack(this, 'MethodNotAllowed', { description: 'Evenly REST API: 405 answers for unsupported methods' });
    for (const [path, methods] of byPath) {
      const resource = this.api.root.resourceForPath(path);
      const here = apigw.Resource.fromResourceAttributes(nested, `Path${path.replace(/\//g, '.')}`, {
        restApi: this.api as unknown as apigw.IRestApi,
        resourceId: resource.resourceId,
        path: resource.path,
      });
      const allow = allowedMethods(methods);
      const response = problemResponse(methodNotAllowed(allow), GATEWAY_REQUEST_ID);
      const template = JSON.stringify({ statusCode: 405 });
      const method = here.addMethod(
        'ANY',
        new apigw.MockIntegration({
          passthroughBehavior: apigw.PassthroughBehavior.NEVER,
          requestTemplates: { 'application/json': template, 'text/plain': template, 'application/x-www-form-urlencoded': template },
          integrationResponses: [
            {
              statusCode: '405',
              responseParameters: {
                'method.response.header.allow': `'${allow}'`,
                'method.response.header.content-type': "'application/problem+json'",
              },
              responseTemplates: { 'application/json': response.body },
            },
          ],
        }),
        {
          authorizationType: apigw.AuthorizationType.NONE,
          methodResponses: [
            {
              statusCode: '405',
              responseParameters: { 'method.response.header.allow': true, 'method.response.header.content-type': true },
            },
          ],
        },
      );
      acknowledge(method, 'AwsSolutions-COG4');
      acknowledgePublicRoute(method, `ANY ${path} (405)`);
    }
  }

  private addAlarms(alarms: Alarms): void {
    const period = Duration.minutes(5);
    alarms.add(this, 'ServerErrorsAlarm', {
      kind: 'api-errors',
      finding: `Over ${API_5XX_RATE * 100}% of REST requests were answered 5XX in two 5-minute periods running.`,
      // The 5XXError metric is 1 per failed request and 0 otherwise: its average is the rate.
      metric: this.api.metricServerError({ period, statistic: 'Average' }),
      threshold: API_5XX_RATE,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
    });
    alarms.add(this, 'LatencyAlarm', {
      kind: 'api-latency',
      finding: `The p99 latency of REST requests stayed above ${API_P99_LATENCY_MS} ms for 15 minutes.`,
      metric: this.api.metricLatency({ period, statistic: 'p99' }),
      threshold: API_P99_LATENCY_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
    });
  }
}

export interface WebSocketApiProps {
  readonly manifest: Manifest;
  /** The WebSocket routes' functions (this stack's own). */
  readonly functionOf: (handler: string) => lambda.IFunction;
  /** The authorizer, deployed with another concern. */
  readonly authorizerFn: lambda.IFunction;
  readonly stage: StageSettings;
}

export class WebSocketApi extends Construct {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    const integration = (routeKey: string) => {
      const spec = props.manifest.wsRoutes.find((r) => r.routeKey === routeKey);
      if (!spec) return undefined;
      return new WebSocketLambdaIntegration(`${routeKey.replace('$', '')}Integration`, props.functionOf(spec.handler));
    };
    // Imported here so the authorizer's invoke permission is created in this stack.
    const authorizerFn = lambda.Function.fromFunctionAttributes(this, 'AuthorizerFn', {
      functionArn: props.authorizerFn.functionArn,
      sameEnvironment: true,
    });
    const connect = integration('$connect');
    const disconnect = integration('$disconnect');
    const fallback = integration('$default');
    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      description: 'Evenly live updates',
      ...(connect
        ? {
            connectRouteOptions: {
              integration: connect,
              authorizer: new WebSocketLambdaAuthorizer('Authorizer', authorizerFn, {
                identitySource: ['route.request.querystring.token'],
              }),
            },
          }
        : {}),
      ...(disconnect ? { disconnectRouteOptions: { integration: disconnect } } : {}),
      ...(fallback ? { defaultRouteOptions: { integration: fallback } } : {}),
    });
    for (const spec of props.manifest.wsRoutes.filter((r) => !r.routeKey.startsWith('$'))) {
      this.api.addRoute(spec.routeKey, {
        integration: new WebSocketLambdaIntegration(`${spec.routeKey}Integration`, props.functionOf(spec.handler)),
      });
    }
    for (const spec of props.manifest.wsRoutes.filter((r) => r.routeKey !== '$connect')) {
      const route = this.api.node.tryFindChild(`${spec.routeKey}-Route`);
      if (!route) throw new Error(`Invariant: WebSocket route ${spec.routeKey} was created as ${spec.routeKey}-Route`);
      acknowledgeWebSocketRoute(route, spec.routeKey);
    }
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.stage.logRetention,
      removalPolicy: props.stage.logRemoval,
    });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: STAGE,
      autoDeploy: true,
      throttle: { rateLimit: WS_RATE_PER_SECOND, burstLimit: WS_BURST },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs), format: jsonLine(WS_ACCESS_LOG_FIELDS) },
    });
    // Execution logs (errors only, no message bodies: they carry tokens and money). The L2 stage has no setting for them.
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.addPropertyOverride('DefaultRouteSettings.LoggingLevel', 'ERROR');
    cfnStage.addPropertyOverride('DefaultRouteSettings.DataTraceEnabled', false);
    new CfnOutput(this, 'Url', { description: 'The WebSocket URL clients connect to', value: this.stage.url });
  }

  /** The @connections endpoint handlers post to (the stage's, so its domain suffix fits the partition). */
  managementEndpoint(): string {
    return this.stage.callbackUrl;
  }
}
