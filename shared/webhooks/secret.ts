/**
 * The deposit webhook's secret: `DEPOSIT_WEBHOOK_SECRET` under the local runtime, else the
 * Secrets Manager secret named by `WEBHOOK_SECRET_ARN` (made by the stack, its value shared
 * with the provider). Read like the signing key: kept for a few minutes per container, with
 * the previous version accepted too, so a replaced secret works everywhere without a deploy.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { optionalEnv, requireEnv } from '../config/env';

const REFRESH_MS = 5 * 60 * 1000;
const secrets = new SecretsManagerClient({});
let cached: { values: Promise<string[]>; readAtMs: number } | undefined;

async function fetchStage(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
  try {
    const result = await secrets.send(new GetSecretValueCommand({ SecretId: requireEnv('WEBHOOK_SECRET_ARN'), VersionStage: stage }));
    return result.SecretString;
  } catch (error) {
    if (stage === 'AWSPREVIOUS' && (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Every secret a valid signature may be made with, current first. */
export async function webhookSecrets(nowMs: number = Date.now()): Promise<string[]> {
  const local = optionalEnv('DEPOSIT_WEBHOOK_SECRET');
  if (local) return [local];
  if (cached && nowMs - cached.readAtMs < REFRESH_MS) return cached.values;
  const values = Promise.all([fetchStage('AWSCURRENT'), fetchStage('AWSPREVIOUS')]).then((found) =>
    found.filter((v): v is string => typeof v === 'string' && v !== ''),
  );
  cached = { values, readAtMs: nowMs };
  values.catch(() => {
    if (cached?.values === values) cached = undefined;
  });
  return values;
}
