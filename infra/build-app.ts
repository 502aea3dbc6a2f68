/**
 * Builds the CDK app from the manifest. Context and environment are read here and
 * nowhere else (app.ts and the infra tests both call this).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type AppProps, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest as defaultManifest, type Manifest } from './manifest';
import { acknowledgeNagFindings } from './nag';
import { ConsoleEdgeStack, ConsoleSiteStack } from './stacks/console-stacks';
import { DataStack } from './stacks/data-stack';
import { ServiceStack } from './stacks/service-stack';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface EvenlyApp {
  readonly app: App;
  readonly data: DataStack;
  readonly service: ServiceStack;
  readonly consoleEdge: ConsoleEdgeStack;
  readonly consoleSite: ConsoleSiteStack;
}

export function buildApp(props: AppProps = {}, m: Manifest = defaultManifest): EvenlyApp {
  const app = new App(props);
  const removal = app.node.tryGetContext('evenly:removalPolicy') === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const adminEmails = String(app.node.tryGetContext('evenly:adminEmails') ?? '');
  const stackPrefix = String(app.node.tryGetContext('evenly:stackName') ?? 'Evenly');
  const data = new DataStack(app, `${stackPrefix}-Data`, {
    manifest: m,
    removalPolicy: removal,
    description: 'Evenly stateful resources: tables and the signing key',
  });
  // The console's two stacks sit on either side of the API's: see console-stacks.ts.
  const consoleEdge = new ConsoleEdgeStack(app, `${stackPrefix}-ConsoleEdge`, {
    removalPolicy: removal,
    description: 'Evenly web console: private bucket, CloudFront distribution, security headers',
  });
  const service = new ServiceStack(app, `${stackPrefix}-Service`, {
    manifest: m,
    tables: data.tables,
    signingKey: data.signingKey,
    adminEmails,
    projectRoot: PROJECT_ROOT,
    corsAllowedOrigins: [consoleEdge.origin],
    description: 'Evenly APIs, functions, bus and queues',
  });
  service.addStackDependency(data);
  const consoleSite = new ConsoleSiteStack(app, `${stackPrefix}-ConsoleSite`, {
    edge: consoleEdge,
    apiUrl: service.rest.api.url,
    restApiId: service.rest.api.restApiId,
    wsUrl: service.webSocket.stage.url,
    webSocketApiId: service.webSocket.api.apiId,
    description: 'Evenly web console: its files and config.json, written with the API endpoints',
  });
  acknowledgeNagFindings(data, service);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, service, consoleEdge, consoleSite };
}
