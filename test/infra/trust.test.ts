/**
 * The trust switches of a deployment (API.md): the sandbox off and verified emails required
 * unless the context says otherwise, the optional WAF web ACL, the deposit webhook's secret,
 * and the 405 answers API Gateway gives itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trustSettings, wafSettings } from '../../infra/build-app';
import { functionName, manifest } from '../../manifest/manifest';
import { pascal, type Synthesized, synthesize } from './synth';

const envOf = (s: Synthesized, handler: string): Record<string, unknown> => {
  const fn = s
    .resources('AWS::Lambda::Function')
    .find((f) => f.id.startsWith(`Functions${pascal(functionName(handler))}`) || f.id.includes(pascal(functionName(handler))));
  if (!fn) throw new Error(`no function for ${handler}`);
  return fn.properties.Environment?.Variables ?? {};
};

describe('a default deployment', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize();
  });

  it('turns the sandbox off and requires verified emails', () => {
    expect(envOf(s, 'functions/api/create-deposit.ts')).toMatchObject({ SANDBOX_DEPOSITS: 'false', REQUIRE_VERIFIED_EMAIL: 'true' });
  });

  it('has no web ACL unless asked for one', () => {
    expect(s.resources('AWS::WAFv2::WebACL')).toEqual([]);
  });

  it('keeps the webhook secret in Secrets Manager, generated at deploy time, readable by the webhook function only', () => {
    const env = envOf(s, 'functions/api/receive-deposit-webhook.ts');
    expect(env[manifest.webhookSecretEnvVar]).toBeDefined();
    expect(envOf(s, 'functions/api/create-deposit.ts')[manifest.webhookSecretEnvVar]).toBeUndefined();
  });

  it('answers a method a known path lacks with a 405 mock naming its methods in Allow, for every path', () => {
    const anys = s.resources('AWS::ApiGateway::Method').filter((m) => m.properties.HttpMethod === 'ANY');
    expect(anys).toHaveLength(new Set(manifest.routes.map((r) => r.path)).size);
    for (const method of anys) {
      expect(method.properties.Integration.Type).toBe('MOCK');
      const [response] = method.properties.Integration.IntegrationResponses;
      expect(response.StatusCode).toBe('405');
      expect(response.ResponseParameters['method.response.header.allow']).toMatch(/^'[A-Z, ]+'$/);
      expect(method.properties.AuthorizationType).toBe('NONE');
    }
  });
});

describe('a deployment with the switches set', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthesize({ 'evenly:waf': true, 'evenly:wafRequestsPer5Minutes': 1_000, 'evenly:sandbox': true });
  });

  it('puts a web ACL with a per-IP rate rule on the REST stage', () => {
    const [acl] = s.resources('AWS::WAFv2::WebACL');
    expect(acl?.properties).toMatchObject({
      Scope: 'REGIONAL',
      Rules: [{ Statement: { RateBasedStatement: { Limit: 1_000, AggregateKeyType: 'IP' } }, Action: { Block: expect.anything() } }],
    });
    expect(s.resources('AWS::WAFv2::WebACLAssociation')).toHaveLength(1);
  });

  it('lets owners deposit in a sandbox deployment', () => {
    expect(envOf(s, 'functions/api/create-deposit.ts')).toMatchObject({ SANDBOX_DEPOSITS: 'true' });
  });
});

describe('the switches', () => {
  it('refuse values that are not booleans rather than guess', () => {
    expect(() => trustSettings((key) => (key === 'evenly:sandbox' ? 'yes' : undefined))).toThrow(/evenly:sandbox must be true or false/);
    expect(() => wafSettings((key) => (key === 'evenly:waf' ? 'on' : undefined))).toThrow(/evenly:waf must be true or false/);
    expect(() => wafSettings((key) => (key === 'evenly:waf' ? true : key === 'evenly:wafRequestsPer5Minutes' ? 5 : undefined))).toThrow();
  });

  it('turn verification off only when asked, and the WAF on only when asked', () => {
    expect(trustSettings((key) => (key === 'evenly:requireVerifiedEmail' ? false : undefined)).REQUIRE_VERIFIED_EMAIL).toBe('false');
    expect(wafSettings(() => undefined)).toBeUndefined();
  });
});
