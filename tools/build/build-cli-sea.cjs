#!/usr/bin/env node
// Builds dist/cli/stowage-linux-x64: the bundled CLI (bundle-cli.cjs) inside a copy of this Node.js
// binary, as a single executable application, for CI images that have no Node.js at all. It needs
// what the Node.js binary needs: Linux x64 with glibc 2.28 or later.
// Steps (https://nodejs.org/api/single-executable-applications.html): write the preparation blob
// with `node --experimental-sea-config`, copy `node`, inject the blob with postject.
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { inject } = require('postject');
const { workspaceRoot } = require('./workspace-paths.cjs');
const { writeSha256File } = require('./bundle-cli.cjs');

const outDir = path.join(workspaceRoot, 'dist/cli');
const bundle = path.join(outDir, 'stowage.cjs');
const outFile = path.join(outDir, 'stowage-linux-x64');
// The fuse Node.js looks for to know it carries a blob (the value its documentation gives).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

async function sha256Of(file) {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

async function main() {
  if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the executable is built on linux-x64 only, not ${process.platform}-${process.arch}`);
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run tools/build/bundle-cli.cjs first (npx nx run cli:bundle)`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-sea-'));
  try {
    // The SEA main script is run as a CommonJS module body; the shebang line is for the .cjs alone.
    const main = path.join(work, 'stowage.cjs');
    fs.writeFileSync(main, fs.readFileSync(bundle, 'utf8').replace(/^#![^\n]*\n/, ''));
    const blob = path.join(work, 'sea-prep.blob');
    const config = path.join(work, 'sea-config.json');
    fs.writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });

    const temporary = path.join(work, 'stowage-linux-x64');
    fs.copyFileSync(process.execPath, temporary);
    fs.chmodSync(temporary, 0o755);
    await inject(temporary, 'NODE_SEA_BLOB', fs.readFileSync(blob), { sentinelFuse: SEA_FUSE });
    // Moved into place whole (copy to a sibling, then rename), so the API never serves half a file.
    const sibling = `${outFile}.tmp-${process.pid}`;
    fs.copyFileSync(temporary, sibling);
    fs.renameSync(sibling, outFile);
    writeSha256File(outFile, await sha256Of(outFile));
    console.log(`built the CLI executable: ${path.relative(workspaceRoot, outFile)} (${(fs.statSync(outFile).size / 2 ** 20).toFixed(0)} MiB, Node.js ${process.version})`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
