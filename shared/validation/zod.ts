/**
 * The one zod import of the project: zod/mini, which builds the same schemas as the
 * classic API in about a fifth of the bundle bytes and module init time (every Lambda
 * bundle validates something). zod/mini loads no error messages by itself, so the English
 * ones are set here, before any schema of ours can parse. Import it as
 * `import * as z from '…/validation/zod'`: named re-exports keep the bundles tree-shaken.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
