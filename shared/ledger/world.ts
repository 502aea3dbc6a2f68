/**
 * The per-currency world account: deposits come from it, withdrawals go to it, so every
 * currency's balances sum to zero. Every deposit and withdrawal writes it, so it is sharded
 * over WORLD_SHARDS items updated with unconditioned `ADD`s (it may go negative); its balance
 * is the sum of its shards. An account always uses the same shard, so one batch's deposits to
 * it add to one shard once.
 */
export const WORLD_SHARDS = 16;

export const worldShardOf = (accountId: string): number => {
  let hash = 0;
  for (const ch of accountId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % WORLD_SHARDS;
};
