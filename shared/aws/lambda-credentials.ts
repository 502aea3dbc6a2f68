/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles only (an esbuild
 * alias in BUNDLING): Lambda hands a function its role's credentials in environment
 * variables, which is the first step of the default chain anyway. The rest of the chain
 * (SSO, STS, INI files, IMDS and the nested clients they need) is about 125 kB of every
 * bundle that Lambda never runs. Code run outside a bundle (tests, the local runtime,
 * the CLI) keeps the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type Init = Parameters<typeof fromEnv>[0];

export const defaultProvider = (init?: Init) => fromEnv(init);
