/**
 * The console's build. Preact's JSX runs through esbuild's automatic runtime, so no
 * framework plugin is needed. Sources outside console/ (the typed client, the domain core)
 * are imported by relative path and bundled like the console's own.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // One small bundle: nothing to split, and one request fewer before the first render.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 300,
    rollupOptions: {
      // zod (bundled with the route contracts the client reads) places `@__PURE__` comments
      // where Rollup cannot use them; Rollup drops them and says so on every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
});
