/**
 * `npm run docs:events`: writes docs/events.md, the catalogue of every queue message and
 * domain event, from the contracts in events/ (a unit test fails when it is out of date).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts } from '../../events/catalogue';
import { REPO_ROOT } from '../../infra/local/lambda';
import { manifest } from '../../manifest/manifest';
import * as z from '../../shared/validation/zod';

export const CATALOGUE_PATH = join(REPO_ROOT, 'docs', 'events.md');

function carrier(type: string): string {
  const queue = manifest.queues.find((q) => q.accepts.includes(type));
  if (queue) return `queue message → \`${queue.name}\` (FIFO, sent by code)`;
  const rules = manifest.rules.filter((r) => (r.pattern['detail-type'] ?? []).includes(type));
  return `domain event on the bus (source \`${manifest.eventSource}\`)${rules.length ? `, rules: ${rules.map((r) => `\`${r.name}\` → \`${r.queue}\``).join(', ')}` : ''}`;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** One field's type as a reader wants it: `string`, `"A" \| "B"`, `string[]`, `string or null`. */
function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items)}[]`;
  return [schema.type ?? 'any'].flat().join(' or ');
}

function fieldTable(schema: JsonSchema): string[] {
  const required = new Set(schema.required ?? []);
  return [
    '| field | type | required |',
    '| --- | --- | --- |',
    ...Object.entries(schema.properties ?? {}).map(
      ([name, field]) => `| \`${name}\` | ${typeOf(field)} | ${required.has(name) ? 'yes' : 'no'} |`,
    ),
  ];
}

export function renderCatalogue(): string {
  const isQueueMessage = (type: string) => manifest.queues.some((q) => q.accepts.includes(type));
  const ordered = [...contracts.filter((c) => isQueueMessage(c.type)), ...contracts.filter((c) => !isQueueMessage(c.type))];
  const sections = ordered.map((c) =>
    [
      `## ${c.type} (v${c.version})`,
      '',
      `${carrier(c.type)}. ${c.description}`,
      '',
      ...fieldTable(z.toJSONSchema(c.schema, { unrepresentable: 'any' }) as JsonSchema),
    ].join('\n'),
  );
  return [
    '# Event catalogue',
    '',
    'Generated from `events/` by `npm run docs:events`; do not edit by hand.',
    '',
    'Queue messages are commands for one aggregate, sent straight to its SQS FIFO queue in that',
    "aggregate's message group, with a stable id as deduplication id; their body is",
    '`{ "type", "version", "id", "detail" }` and the schema below is the `detail`. Domain events',
    'are outcomes published to EventBridge (detail-type = the name, source `evenly`), with',
    '`version` in the detail; subscribe to them with a rule on the bus.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
}

if (process.argv[1]?.endsWith(join('scripts', 'docs', 'events.ts'))) {
  writeFileSync(CATALOGUE_PATH, renderCatalogue());
  console.log(`wrote ${CATALOGUE_PATH}`);
}
