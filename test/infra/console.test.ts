/**
 * The web console's stacks: a private bucket behind CloudFront with origin access control,
 * HTTPS only and strict security headers; the files and config.json written after the API;
 * the API's CORS naming the distribution; and no dependency cycle between the stacks.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type EvenlyApp } from '../../infra/build-app';
import { pageContentSecurityPolicy } from '../../infra/stacks/console-stacks';
import { CORS_ALLOWED_ORIGINS_ENV } from '../../shared/http/cors';

let app: EvenlyApp;
let edge: Template;
let site: Template;
let service: Template;

beforeAll(() => {
  app = buildApp({ context: { 'aws:cdk:bundling-stacks': [] } });
  app.app.synth(); // cdk-nag runs here and throws on any unacknowledged finding
  edge = Template.fromStack(app.consoleEdge);
  site = Template.fromStack(app.consoleSite);
  service = Template.fromStack(app.service);
});

/** A value imported from the edge stack: the distribution's domain name. */
const DISTRIBUTION_DOMAIN = /ConsoleEdge:ExportsOutputFnGetAttDistribution\w*DomainName/;
const importsOf = (template: Template) => JSON.stringify(template.toJSON()).match(/"Fn::ImportValue":"[^"]+"/g) ?? [];

describe('the console bucket and distribution', () => {
  it('keeps the bucket private: no public access, encrypted, TLS only, readable by the distribution alone', () => {
    edge.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.anyValue(),
    });
    edge.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const policies = JSON.stringify(edge.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toContain('cloudfront.amazonaws.com');
    expect(policies).toContain('AWS:SourceArn');
    expect(policies).toContain('"aws:SecureTransport":"false"');
  });

  it('serves over HTTPS only, the app for any path, through the security headers', () => {
    edge.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only', ResponseHeadersPolicyId: Match.anyValue() }),
        CustomErrorResponses: Match.arrayWith([Match.objectLike({ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html' })]),
      }),
    });
    const [policy] = Object.values(edge.findResources('AWS::CloudFront::ResponseHeadersPolicy'));
    const security = policy?.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(security.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true });
    expect(security.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(security.ContentTypeOptions).toMatchObject({ Override: true });
    expect(security.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'no-referrer' });
    const csp = JSON.stringify(security.ContentSecurityPolicy.ContentSecurityPolicy);
    for (const directive of [
      "default-src 'none'",
      "script-src 'self'",
      "frame-ancestors 'none'",
      "connect-src 'self' https://*.execute-api.",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-');
  });
});

describe('the console files', () => {
  it('narrows the page policy to exactly the REST and WebSocket API origins', () => {
    const csp = pageContentSecurityPolicy('abc123', 'def456');
    expect(csp).toMatch(/connect-src 'self' https:\/\/abc123\.execute-api\.\S+ wss:\/\/def456\.execute-api\.\S+;/);
    expect(csp).toContain("default-src 'none'");
  });

  it('writes the files, config.json and the page at deploy time from the API stack’s endpoints', () => {
    site.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const [deployment] = Object.values(site.findResources('Custom::CDKBucketDeployment'));
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(3);
    expect(deployment?.Properties.DistributionPaths).toEqual(['/index.html', '/config.json']);
    const imports = importsOf(site).join(' ');
    expect(imports).toContain(app.service.stackName);
    expect(imports).toContain(app.consoleEdge.stackName);
  });
});

describe('CORS for the console on AWS', () => {
  it('gives every function the distribution’s origin as its allow-list', () => {
    const functions = Object.values(service.findResources('AWS::Lambda::Function'));
    const lists = functions.map((fn) => JSON.stringify(fn.Properties.Environment?.Variables?.[CORS_ALLOWED_ORIGINS_ENV] ?? null));
    for (const list of lists) expect(list).toMatch(DISTRIBUTION_DOMAIN);
  });

  it('answers preflights with the distribution’s origin, and the gateway’s own 401 carries it too', () => {
    const options = Object.values(service.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }));
    expect(options.length).toBeGreaterThan(20);
    for (const method of options) {
      const origin = JSON.stringify(method.Properties.Integration.IntegrationResponses[0].ResponseParameters);
      expect(origin).toMatch(DISTRIBUTION_DOMAIN);
      expect(origin).not.toContain("'*'");
    }
    const [unauthorized] = Object.values(
      service.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: 'UNAUTHORIZED' } }),
    );
    expect(JSON.stringify(unauthorized?.Properties.ResponseParameters)).toContain('gatewayresponse.header.access-control-allow-origin');
  });
});

describe('stack order', () => {
  it('deploys the edge first and the files last, so no stack waits on one that waits on it', () => {
    const dependencies = (stack: { dependencies: { stackName: string }[] }) => stack.dependencies.map((d) => d.stackName).sort();
    expect(dependencies(app.consoleEdge)).toEqual([]);
    expect(dependencies(app.service)).toEqual([app.consoleEdge.stackName, app.data.stackName].sort());
    expect(dependencies(app.consoleSite)).toEqual([app.consoleEdge.stackName, app.service.stackName].sort());
    expect(importsOf(edge)).toEqual([]);
  });
});
