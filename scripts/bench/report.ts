import { type CliFigures, cliSection } from './cli';
import type { Contention } from './contention';
import type { CostFigure } from './cost';
import type { CpuPerOperation } from './cpu';

/** The Markdown report with an inline SVG bar chart (throughput against the engine limit, bundle sizes). */
export interface BenchResult {
  readonly pipeline: {
    completedPerSec: number;
    rawTransactPerSec: number;
    ratio: number;
    cpuMs: { rawTransaction: CpuPerOperation; pipelineTransfer: CpuPerOperation };
  };
  readonly contention: Contention;
  readonly latency: { p50Ms: number; p99Ms: number; samples: number };
  readonly bundles: { name: string; bytes: number; initMs: number }[];
  readonly cli: CliFigures;
  readonly cost: CostFigure & { readonly writeUnitsPer: { readonly transfer: number; readonly purchase: number } };
}

function bars(rows: { label: string; value: number }[], unit: string): string {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = 22 * rows.length + 10;
  const body = rows
    .map((r, i) => {
      const width = Math.round((r.value / max) * 380);
      return `<text x="0" y="${22 * i + 16}" font-size="12">${r.label}</text><rect x="220" y="${22 * i + 4}" width="${width}" height="16" fill="#4c78a8"/><text x="${226 + width}" y="${22 * i + 16}" font-size="12">${r.value} ${unit}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="700" height="${height}" font-family="sans-serif">${body}</svg>`;
}

export function renderReport(result: BenchResult, quick: boolean): string {
  return [
    `# Evenly benchmark (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`,
    '',
    '## Throughput against the engine limit',
    bars(
      [
        { label: 'raw TransactWriteItems/s', value: result.pipeline.rawTransactPerSec },
        { label: 'pipeline completed/s', value: result.pipeline.completedPerSec },
      ],
      '/s',
    ),
    '',
    `Ratio: **${result.pipeline.ratio}** (goal ≥ 0.8). Latency POST → push: p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms over ${result.latency.samples} samples.`,
    '',
    '| CPU ms per operation | DynamoDB Local | Node (runtime, handlers, load) |',
    '| --- | ---: | ---: |',
    ...(
      [
        ['raw transaction', result.pipeline.cpuMs.rawTransaction],
        ['pipeline transfer', result.pipeline.cpuMs.pipelineTransfer],
      ] as const
    ).map(([name, c]) => `| ${name} | ${c.engineMs ?? 'n/a'} | ${c.nodeMs} |`),
    '',
    '## Contention: one hot aggregate against the same volume spread out',
    '',
    '| workload | hot /s | spread /s | ratio (goal ≥ 0.8) |',
    '| --- | ---: | ---: | ---: |',
    ...(['hotPayee', 'hotMerchant', 'hotProduct'] as const).map((name) => {
      const c = result.contention[name];
      return `| ${name} | ${c.hotPerSec} | ${c.spreadPerSec} | ${c.ratio} |`;
    }),
    '',
    '## Bundles',
    bars(
      result.bundles.map((b) => ({ label: b.name, value: Math.round(b.bytes / 1024) })),
      'kB',
    ),
    '',
    '| function | bytes | init ms |',
    '| --- | ---: | ---: |',
    ...result.bundles.map((b) => `| ${b.name} | ${b.bytes} | ${b.initMs} |`),
    '',
    ...cliSection(result.cli),
    `## Cost: ${result.cost.usdPerMillionTransfers} USD per million transfers (prices as of ${result.cost.pricesAsOf})`,
    '',
    '| part | USD |',
    '| --- | ---: |',
    ...Object.entries(result.cost.breakdown).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `Fan-out feed, USD per million transfers: notify queue ${result.cost.fanOutFeeds.viaQueue}, a rule invoking the function directly ${result.cost.fanOutFeeds.direct}.`,
    '',
    `DynamoDB write units: ${result.cost.writeUnitsPer.transfer} per transfer, ${result.cost.writeUnitsPer.purchase} per purchase.`,
    '',
  ].join('\n');
}
