#!/usr/bin/env node
// Bundles the CLI and everything it imports (commander, cli-progress, zod, undici, semver, the
// @stowage/* libs) into dist/cli/stowage.cjs: one file a CI job downloads from the API and runs on
// Node.js 20.18.1 or later (undici 7's floor) with no install step. The same file is the main
// script of the single executable (build-cli-sea.cjs), where `require` loads only Node's builtins,
// so the build fails if any `require` of something else is left in the output.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { isBuiltin } = require('node:module');
const path = require('node:path');
const esbuild = require('esbuild');
const { workspaceRoot } = require('./workspace-paths.cjs');

const outDir = path.join(workspaceRoot, 'dist/cli');
const outFile = path.join(outDir, 'stowage.cjs');

/** `<hex>  <name>\n`: the line `sha256sum` writes and `sha256sum -c` reads. */
function writeSha256File(file, digest) {
  fs.writeFileSync(`${file}.sha256`, `${digest}  ${path.basename(file)}\n`);
}

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const temporary = `${outFile}.tmp-${process.pid}`;
  const result = await esbuild.build({
    // main.ts starts itself when it is the main module, which holds for `node stowage.cjs` and for
    // the single executable's main script alike.
    entryPoints: [path.join(workspaceRoot, 'apps/cli/src/main.ts')],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The `@stowage/*` aliases come from here, as for tsc, swc and Jest.
    tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
    banner: { js: '#!/usr/bin/env node' },
    // Readable stack traces in a user's CI log matter more than the few hundred KiB minifying saves.
    minify: false,
    legalComments: 'inline',
    logLevel: 'silent',
  });
  // esbuild warns when it cannot follow a require (a computed name): such a module would be
  // missing at run time, in the executable above all.
  if (result.warnings.length) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' });
    throw new Error(`the CLI bundle has warnings:\n${messages.join('\n')}`);
  }
  const code = fs.readFileSync(temporary, 'utf8');
  // A `node:` name can only ever be a builtin, present or not in this Node.js: undici feature-detects
  // `node:sqlite` (Node 22+) in a try/catch, and loads it only for a cache store the CLI never uses.
  // Any other name must be a builtin: a package left out of the bundle would be missing at run time.
  const external = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]).filter((name) => !isBuiltin(name) && !name.startsWith('node:'));
  const dynamic = [...code.matchAll(/\brequire\(\s*(?!["'`])[^)]/g)].length;
  if (external.length || dynamic) {
    fs.rmSync(temporary, { force: true });
    throw new Error(`the CLI bundle still requires ${[...new Set(external)].join(', ') || ''}${dynamic ? ` and ${dynamic} computed module name(s)` : ''}`);
  }
  fs.chmodSync(temporary, 0o755);
  // Renamed into place, so an API serving dist/cli never sends a half-written file.
  fs.renameSync(temporary, outFile);
  writeSha256File(outFile, crypto.createHash('sha256').update(code).digest('hex'));
  console.log(`bundled the CLI: ${path.relative(workspaceRoot, outFile)} (${(code.length / 1024).toFixed(0)} KiB)`);
}

module.exports = { writeSha256File };

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
