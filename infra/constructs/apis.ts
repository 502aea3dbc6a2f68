/** The REST API (v1) and the WebSocket API (v2), routes from the manifest. */
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from '../../shared/http/cors';
import { GATEWAY_PROBLEMS } from '../../shared/http/gateway-problems';
import { problemResponse } from '../../shared/http/problem';
import { type Manifest, routeGrants } from '../manifest';
import type { Functions } from './functions';

export const STAGE = 'v1';
/** Stage-wide throttling, and a stricter one on login against password guessing. */
export const STAGE_RATE_PER_SECOND = 100;
export const STAGE_BURST = 200;
export const LOGIN_RATE_PER_SECOND = 5;
export const LOGIN_BURST = 10;

/** API Gateway's own request id, substituted into each gateway response when it is sent. */
export const GATEWAY_REQUEST_ID = '$context.requestId';

export class RestApi extends Construct {
  readonly api: apigw.RestApi;

  constructor(
    scope: Construct,
    id: string,
    props: { manifest: Manifest; functions: Functions; authorizerFn: lambda.IFunction; corsAllowedOrigins: readonly string[] },
  ) {
    super(scope, id);
    const cors = props.corsAllowedOrigins;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const loginPath = '/auth/login';
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Evenly HTTP API',
      cloudWatchRole: true,
      deployOptions: {
        stageName: STAGE,
        tracingEnabled: true,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        throttlingRateLimit: STAGE_RATE_PER_SECOND,
        throttlingBurstLimit: STAGE_BURST,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
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
      handler: props.authorizerFn,
      resultsCacheTtl: Duration.seconds(props.manifest.authorizer.resultsCacheTtlSeconds),
    });
    for (const route of props.manifest.routes) {
      const fn = props.functions.get({
        handler: route.handler,
        grants: routeGrants(route),
        ...(route.memoryMB ? { memoryMB: route.memoryMB } : {}),
        ...(route.timeoutSeconds ? { timeoutSeconds: route.timeoutSeconds } : {}),
      });
      const resource = this.api.root.resourceForPath(route.path);
      // Without the console's test-invoke permission: one Lambda permission per route instead of two,
      // headroom under CloudFormation's 500 resources per stack.
      resource.addMethod(route.method, new apigw.LambdaIntegration(fn, { allowTestInvoke: false }), {
        ...(route.auth
          ? { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM }
          : { authorizationType: apigw.AuthorizationType.NONE }),
      });
    }
    // Preflights, answered by API Gateway itself (a mock integration), on each path a browser
    // must ask first: any with a token or a JSON body. A plain GET (health, the documents) is a
    // simple request and needs none. One method per path: CloudFormation's 500 resources per stack.
    const preflightPaths = new Set(props.manifest.routes.filter((r) => r.auth || r.method !== 'GET').map((r) => r.path));
    if (cors.length > 0) {
      for (const path of preflightPaths) {
        this.api.root.resourceForPath(path).addCorsPreflight({
          allowOrigins: [...cors],
          allowMethods: [...CORS_ALLOWED_METHODS],
          allowHeaders: [...CORS_ALLOWED_HEADERS],
          maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
          statusCode: 204,
        });
      }
    }
  }
}

export class WebSocketApi extends Construct {
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;

  constructor(scope: Construct, id: string, props: { manifest: Manifest; functions: Functions; authorizerFn: lambda.IFunction }) {
    super(scope, id);
    const integration = (routeKey: string) => {
      const spec = props.manifest.wsRoutes.find((r) => r.routeKey === routeKey);
      if (!spec) return undefined;
      return new WebSocketLambdaIntegration(`${routeKey.replace('$', '')}Integration`, props.functions.get(spec));
    };
    const connect = integration('$connect');
    const disconnect = integration('$disconnect');
    const fallback = integration('$default');
    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      description: 'Evenly live updates',
      ...(connect
        ? {
            connectRouteOptions: {
              integration: connect,
              authorizer: new WebSocketLambdaAuthorizer('Authorizer', props.authorizerFn, {
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
        integration: new WebSocketLambdaIntegration(`${spec.routeKey}Integration`, props.functions.get(spec)),
      });
    }
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', { webSocketApi: this.api, stageName: STAGE, autoDeploy: true });
  }

  /** The @connections endpoint handlers post to (the stage's, so its domain suffix fits the partition). */
  managementEndpoint(): string {
    return this.stage.callbackUrl;
  }
}
