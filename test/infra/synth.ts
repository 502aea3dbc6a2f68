/**
 * One synthesis of the CDK app for a test file, with bundling skipped (`aws:cdk:bundling-stacks`):
 * `npx cdk synth` and the bundle benchmark bundle every function for real. Synthesis runs the
 * cdk-nag validation plugin, so an unacknowledged finding fails it. The helpers look across
 * stacks: a reference to another stack's resource is an `Fn::ImportValue` of its export, which
 * `referenced` follows back to the resource. A nested stack counts as a stack of its own, named
 * `<parent>/<path under it>` (CloudFormation limits each template apart); a parameter its parent
 * passes it is followed back too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp, type EvenlyApp } from '../../infra/build-app';
import type { Manifest } from '../../manifest/manifest';

export interface Resource {
  readonly stack: string;
  readonly id: string;
  readonly type: string;
  readonly properties: any;
  readonly raw: any;
}

export interface Synthesized {
  readonly evenly: EvenlyApp;
  /** Stack name → its template. */
  readonly templates: Readonly<Record<string, Template>>;
  readonly json: Readonly<Record<string, any>>;
  resources(type?: string): Resource[];
  /** The resource a `Ref`, `Fn::GetAtt` or `Fn::ImportValue` in `stack` points at. */
  referenced(stack: string, value: unknown): Resource | undefined;
  /** Resources of a stack whose logical id starts with `prefix` (construct path, PascalCase). */
  byPrefix(stack: string, prefix: string, type?: string): Resource[];
}

export function synthesize(context: Record<string, unknown> = {}, manifest?: Manifest): Synthesized {
  const evenly = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } }, manifest);
  const assembly = evenly.app.synth();
  const json: Record<string, any> = {};
  const templates: Record<string, Template> = {};
  /** Nested stack name → where its parent passes it parameters: the parent's name and the nested stack's logical id there. */
  const parents = new Map<string, { stack: string; id: string }>();
  for (const stack of evenly.stacks) {
    json[stack.stackName] = assembly.getStackByName(stack.stackName).template;
    templates[stack.stackName] = Template.fromJSON(json[stack.stackName]);
    for (const nested of stack.node.findAll().filter((c): c is NestedStack => NestedStack.isNestedStack(c))) {
      const name = `${stack.stackName}/${nested.node.path.slice(stack.node.path.length + 1)}`;
      json[name] = JSON.parse(readFileSync(join(assembly.directory, nested.templateFile), 'utf8'));
      templates[name] = Template.fromJSON(json[name]);
      const resource = nested.nestedStackResource;
      if (!resource) throw new Error(`Invariant: nested stack ${name} has its resource in ${stack.stackName}`);
      parents.set(name, { stack: stack.stackName, id: Stack.of(resource).getLogicalId(resource) });
    }
  }
  const all: Resource[] = Object.entries(json).flatMap(([stack, template]) =>
    Object.entries(template.Resources ?? {}).map(([id, raw]: [string, any]) => ({
      stack,
      id,
      type: raw.Type,
      properties: raw.Properties ?? {},
      raw,
    })),
  );
  const exports = new Map<string, { stack: string; value: unknown }>();
  for (const [stack, template] of Object.entries(json)) {
    for (const output of Object.values(template.Outputs ?? {}) as any[]) {
      if (output.Export?.Name) exports.set(output.Export.Name, { stack, value: output.Value });
    }
  }
  const find = (stack: string, id: string) => all.find((r) => r.stack === stack && r.id === id);
  const referenced = (stack: string, value: any): Resource | undefined => {
    if (value?.Ref) {
      const parent = parents.get(stack);
      if (parent && json[stack]?.Parameters?.[value.Ref]) {
        return referenced(parent.stack, find(parent.stack, parent.id)?.properties.Parameters?.[value.Ref]);
      }
      return find(stack, value.Ref);
    }
    if (value?.['Fn::GetAtt']) return find(stack, value['Fn::GetAtt'][0]);
    if (value?.['Fn::ImportValue']) {
      const exported = exports.get(value['Fn::ImportValue']);
      return exported ? referenced(exported.stack, exported.value) : undefined;
    }
    return undefined;
  };
  return {
    evenly,
    templates,
    json,
    resources: (type) => (type ? all.filter((r) => r.type === type) : all),
    referenced,
    byPrefix: (stack, prefix, type) => all.filter((r) => r.stack === stack && r.id.startsWith(prefix) && (!type || r.type === type)),
  };
}

export { pascal } from '../../infra/logical-ids';

/** Every resource a value refers to (through `Fn::Join`, arrays, objects), followed across stacks. */
export function referencesIn(s: Synthesized, stack: string, value: unknown): Resource[] {
  const found: Resource[] = [];
  const walk = (v: unknown) => {
    const direct = s.referenced(stack, v);
    if (direct) found.push(direct);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}
