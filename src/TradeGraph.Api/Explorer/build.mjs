// Bundles src/main.ts (and the page, its stylesheet) into the folder given as the first argument (the build passes
// obj/…/explorer/). Type checking is `tsc --noEmit`, run before this by `npm run build`.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const out = resolve(process.argv[2] ?? 'dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  outfile: resolve(out, 'explorer.js'),
  logLevel: 'warning',
});
cpSync('static', out, { recursive: true });
