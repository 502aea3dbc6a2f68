#!/usr/bin/env node
// The `evenly` CLI, run from the JavaScript that scripts/cli/build.mjs writes to dist/cli/
// (after `npm ci`); rebuilt first when a source has changed since, so it is never stale.
import { buildCli, ENTRY_URL, isStale } from '../scripts/cli/build.mjs';

if (isStale()) await buildCli();
await import(ENTRY_URL);
