/**
 * The web console's stacks: a private bucket behind CloudFront with origin access control,
 * HTTPS only and strict security headers; the files and config.json written after the API;
 * the API's CORS naming the distribution; and no dependency cycle between the stacks.
 */
import type { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageContentSecurityPolicy } from '../../infra/stacks/console-stacks';
import { handlerPaths, manifest } from '../../manifest/manifest';
import { CORS_ALLOWED_ORIGINS_ENV } from '../../shared/http/cors';
import { type Synthesized, synthesize } from './synth';

let s: Synthesized; // cdk-nag runs in synthesis and throws on any unacknowledged finding
let edge: Template;
let site: Template;

beforeAll(() => {
  s = synthesize();
  edge = s.templates[s.evenly.consoleEdge.stackName] as Template;
  site = s.templates[s.evenly.consoleSite.stackName] as Template;
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
    expect(imports).toContain(s.evenly.api.stackName);
    expect(imports).toContain(s.evenly.concerns.live?.stackName);
    expect(imports).toContain(s.evenly.consoleEdge.stackName);
  });
});

describe('CORS for the console on AWS', () => {
  it('gives every function the distribution’s origin as its allow-list, as it gives the service name', () => {
    const functions = s.resources('AWS::Lambda::Function').filter((f) => f.id.startsWith('Functions'));
    expect(functions).toHaveLength(handlerPaths().length);
    for (const fn of functions) {
      expect(JSON.stringify(fn.properties.Environment?.Variables?.[CORS_ALLOWED_ORIGINS_ENV] ?? null), fn.id).toMatch(DISTRIBUTION_DOMAIN);
    }
  });

  it('answers preflights with the distribution’s origin, from a nested stack of the Api stack', () => {
    const options = s.resources('AWS::ApiGateway::Method').filter((m) => m.properties.HttpMethod === 'OPTIONS');
    const browserPaths = new Set(manifest.routes.filter((r) => r.auth || r.method !== 'GET').map((r) => r.path));
    expect(options).toHaveLength(browserPaths.size);
    for (const method of options) {
      expect(method.stack).toBe(`${s.evenly.api.stackName}/Rest/Preflights`);
      // On the REST API's own path resources, which the Api stack holds.
      expect(s.referenced(method.stack, method.properties.ResourceId)?.stack, method.id).toBe(s.evenly.api.stackName);
      const origin = JSON.stringify(method.properties.Integration.IntegrationResponses[0].ResponseParameters);
      expect(origin).toMatch(DISTRIBUTION_DOMAIN);
      expect(origin).not.toContain("'*'");
    }
  });

  it('deploys the stage only once the preflights exist, and again when they change', () => {
    const api = s.json[s.evenly.api.stackName];
    const nested = Object.entries<any>(api.Resources).find(
      ([id, r]) => r.Type === 'AWS::CloudFormation::Stack' && id.includes('Preflights'),
    )?.[0];
    const deployment = Object.values<any>(api.Resources).find((r) => r.Type === 'AWS::ApiGateway::Deployment');
    expect(deployment.DependsOn).toContain(nested);
  });

  it('lets the console read the gateway’s own answers, the 401 of a refused token above all', () => {
    const [unauthorized] = s.resources('AWS::ApiGateway::GatewayResponse').filter((r) => r.properties.ResponseType === 'UNAUTHORIZED');
    expect(unauthorized?.stack).toBe(s.evenly.api.stackName);
    expect(JSON.stringify(unauthorized?.properties.ResponseParameters['gatewayresponse.header.access-control-allow-origin'])).toMatch(
      DISTRIBUTION_DOMAIN,
    );
  });
});

describe('stack order', () => {
  const names = (stacks: readonly Stack[]) => stacks.map((stack) => stack.stackName).sort();

  it('deploys the edge before everything that names its origin, and the files after the APIs they name', () => {
    const { consoleEdge, consoleSite, api, concerns, stacks } = s.evenly;
    expect(consoleEdge.dependencies).toEqual([]);
    expect(importsOf(edge)).toEqual([]);
    expect(names(api.dependencies)).toContain(consoleEdge.stackName);
    for (const concern of Object.values(concerns)) expect(names(concern.dependencies)).toContain(consoleEdge.stackName);
    expect(names(consoleSite.dependencies)).toEqual(names([api, consoleEdge, concerns.live as Stack]));
    // Nothing waits on the site: it is the last stack to deploy.
    for (const stack of stacks) expect(names(stack.dependencies)).not.toContain(consoleSite.stackName);
  });

  it('lists the stacks in deployment order: none refers to one listed after it', () => {
    const listed = s.evenly.stacks.map((stack) => stack.stackName);
    expect(new Set(listed).size).toBe(listed.length);
    s.evenly.stacks.forEach((stack, i) => {
      for (const dependency of stack.dependencies)
        expect(listed.indexOf(dependency.stackName), `${stack.stackName} → ${dependency.stackName}`).toBeLessThan(i);
    });
    expect(listed[0]).toBe(s.evenly.consoleEdge.stackName);
    expect(listed.at(-1)).toBe(s.evenly.consoleSite.stackName);
  });
});
