/**
 * The web console on AWS: a private S3 bucket behind CloudFront, in two stacks around the
 * stacks of the API, because each side needs something of the other:
 *
 * - `ConsoleEdgeStack` (deployed first, needs nothing): the bucket, the distribution with
 *   origin access control, HTTPS only, and its security headers. The API's CORS allow-list
 *   takes the distribution's domain from here.
 * - `ConsoleSiteStack` (deployed last, after the API): the console's files, a `config.json`
 *   naming the REST and WebSocket URLs, and the page's Content-Security-Policy narrowed to
 *   exactly those two origins, all written at deploy time.
 *
 * The CSP header sent by CloudFront cannot name the API's origins (they do not exist yet when
 * the distribution is made), so it allows connections only to API Gateway hosts of this
 * region; index.html carries a second policy, in a meta element written with the real
 * origins. A browser enforces both, so the page may connect only to its own origin, the API
 * and the WebSocket API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, type RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { buildConsole } from '../console-build';
import { CONSOLE_FRAME_OPTIONS, CONSOLE_HSTS_MAX_AGE_SECONDS, consoleContentSecurityPolicy } from '../console-headers';
import type { StageSettings } from '../stage';

/** API Gateway's hosts in this stack's region, the widest the header's policy may allow. */
export const executeApiHost = (id: string = '*'): string => `${id}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

/**
 * `Bucket` as the `IBucket` other constructs take: aws-cdk-lib's own types disagree under
 * `exactOptionalPropertyTypes` (optional properties without `| undefined`), not at run time.
 */
const asIBucket = (bucket: s3.Bucket): s3.IBucket => bucket as unknown as s3.IBucket;

export interface ConsoleEdgeStackProps extends StackProps {
  readonly removalPolicy: RemovalPolicy;
}

export class ConsoleEdgeStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: what the API's CORS allow-list names. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: ConsoleEdgeStackProps) {
    super(scope, id, props);
    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: props.removalPolicy,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason: 'This is the access-log bucket of the console bucket and its distribution; logging it would log the logs.',
    });
    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: asIBucket(logs),
      serverAccessLogsPrefix: 'bucket/',
      removalPolicy: props.removalPolicy,
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Evenly console: strict CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: consoleContentSecurityPolicy([`https://${executeApiHost()}`, `wss://${executeApiHost()}`]),
          override: true,
        },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(CONSOLE_HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption[CONSOLE_FRAME_OPTIONS], override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Evenly web console',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(asIBucket(this.bucket)),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      },
      // A path of the single-page app is no object: the page answers it.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html' })),
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: asIBucket(logs),
      logFilePrefix: 'cdn/',
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions::AwsSolutions-CFR1', reason: 'The console serves users anywhere; geo restriction is a per-deployment choice.' },
      {
        id: 'AwsSolutions::AwsSolutions-CFR2',
        reason: 'WAF is a per-deployment choice (cost, rules), as for the REST API; the distribution serves static files only.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with its certificate sets TLSv1.2_2021.',
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
    new CfnOutput(this, 'ConsoleUrl', { value: this.origin });
  }
}

export interface ConsoleSiteStackProps extends StackProps {
  readonly edge: ConsoleEdgeStack;
  /** The REST API's stage URL (`https://<id>.execute-api.<region>.<suffix>/v1/`). */
  readonly apiUrl: string;
  readonly restApiId: string;
  /** The WebSocket stage URL (`wss://<id>.execute-api.<region>.<suffix>/v1`). */
  readonly wsUrl: string;
  readonly webSocketApiId: string;
  /** Its deployment function's logs are kept and dropped as every function's are. */
  readonly stage: StageSettings;
}

/** The policy of index.html: the header's, with connections narrowed to the two real origins. */
export function pageContentSecurityPolicy(restApiId: string, webSocketApiId: string): string {
  return consoleContentSecurityPolicy([`https://${executeApiHost(restApiId)}`, `wss://${executeApiHost(webSocketApiId)}`], {
    inMetaElement: true,
  });
}

export class ConsoleSiteStack extends Stack {
  constructor(scope: Construct, id: string, props: ConsoleSiteStackProps) {
    super(scope, id, props);
    const built = buildConsole();
    const csp = pageContentSecurityPolicy(props.restApiId, props.webSocketApiId);
    const page = readFileSync(join(built, 'index.html'), 'utf8').replace(
      '<head>',
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="${csp}" />`,
    );
    const deployment = new s3deploy.BucketDeployment(this, 'Files', {
      destinationBucket: asIBucket(props.edge.bucket),
      sources: [
        s3deploy.Source.asset(built, { exclude: ['index.html', '*.map'] }),
        s3deploy.Source.data('index.html', page),
        s3deploy.Source.jsonData('config.json', { apiUrl: props.apiUrl, wsUrl: props.wsUrl }),
      ],
      distribution: props.edge.distribution,
      distributionPaths: ['/index.html', '/config.json'],
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'FilesLogs', { retention: props.stage.logRetention, removalPolicy: props.stage.logRemoval }),
      prune: true,
    });
    acknowledgeDeploymentFindings(this, deployment);
  }
}

/**
 * The wildcards of the grants BucketDeployment gives its function (`grantRead` on the asset,
 * `grantReadWrite` on the console bucket, CloudFront invalidation), each with why it is needed.
 */
const DEPLOYMENT_WILDCARDS: readonly (readonly [string, string])[] = [
  ['Action::s3:GetObject*', 'Reads the uploaded console asset (grantRead).'],
  ['Action::s3:GetBucket*', 'Reads the asset and console buckets’ metadata while syncing (grantRead).'],
  ['Action::s3:List*', 'Lists the console bucket to prune files a new build no longer has.'],
  ['Action::s3:DeleteObject*', 'Prunes files of an older build from the console bucket.'],
  ['Action::s3:Abort*', 'Aborts its own failed multipart uploads to the console bucket.'],
  [
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    'The CDK asset bucket holds the zip it unpacks, under a key known only at deploy time.',
  ],
  [
    'Resource::Evenly-ConsoleEdge:ExportsOutputFnGetAttSiteE53D7754ArnEE3E64EC/*',
    'It writes every file of the console, so every key of the console bucket.',
  ],
  ['Resource::*', 'cloudfront:CreateInvalidation and GetInvalidation take no resource narrower than *.'],
];

/** BucketDeployment's handler is a CDK-provided singleton function; its findings are the library's. */
function acknowledgeDeploymentFindings(stack: Stack, deployment: s3deploy.BucketDeployment): void {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  for (const scope of [deployment, ...(handler ? [handler] : [])]) {
    Validations.of(scope).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The deployment function writes only its own logs with the AWS managed basic execution role.',
      },
      ...DEPLOYMENT_WILDCARDS.map(([finding, reason]) => ({ id: `AwsSolutions::AwsSolutions-IAM5[${finding}]`, reason })),
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'The deployment function is provided by the CDK, which pins its runtime.' },
    );
  }
}
