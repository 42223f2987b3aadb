#!/usr/bin/env node
// Compiles one Node app (api, worker, cli, admin) and the libs it may import into dist/apps/<app>,
// keeping the source layout so swc's rewritten `@stowage/*` imports resolve as relative paths.
// swc (not tsc) because it is fast on two cores and emits the decorator metadata NestJS needs;
// type checking is the separate `typecheck` target.
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const { workspaceRoot, readAliases, readSwcOptions } = require('./workspace-paths.cjs');

// usage: build-node-app.cjs <app> [source dir]: an app (apps/<app>/src) or a tool (e.g. bench tools/bench)
const [app, sourceDir] = process.argv.slice(2);
if (!app) {
  console.error('usage: build-node-app.cjs <app> [source-dir]');
  process.exit(2);
}
const outDir = path.join(workspaceRoot, sourceDir ? 'dist/tools' : 'dist/apps', app);
const sourceRoots = [sourceDir ?? path.join('apps', app, 'src'), 'libs', 'prisma/migrations'];
const isSource = (file) =>
  /\.(ts|tsx)$/.test(file) && !/\.(spec|integration-spec|d)\.tsx?$/.test(file) && !file.includes(`${path.sep}ui${path.sep}`);

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

async function main() {
  fs.rmSync(outDir, { recursive: true, force: true });
  const swcOptions = readSwcOptions();
  const aliases = readAliases();
  let count = 0;
  for (const root of sourceRoots) {
    for (const file of walk(path.join(workspaceRoot, root))) {
      const relative = path.relative(workspaceRoot, file);
      const target = path.join(outDir, relative.replace(/\.tsx?$/, '.js'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (!isSource(file)) {
        if (/\.(js|json|sql|toml)$/.test(file)) fs.copyFileSync(file, target.replace(/\.js$/, path.extname(file)));
        continue;
      }
      const output = await swc.transformFile(file, {
        ...swcOptions,
        swcrc: false,
        filename: file,
        sourceMaps: true,
        jsc: { ...swcOptions.jsc, baseUrl: workspaceRoot, paths: aliases },
      });
      fs.writeFileSync(target, output.code + `\n//# sourceMappingURL=${path.basename(target)}.map`);
      if (output.map) fs.writeFileSync(`${target}.map`, output.map);
      count++;
    }
  }
  // The workspace's package.json, where the version lives, at the same place relative to the
  // compiled files as in the checkout: `import packageJson from '../../../package.json'` (the API's
  // X-Stowage-Version, the CLI's --version) resolves in the build as it does from source.
  const { name, version } = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ name, version, private: true }, null, 2)}\n`);
  console.log(`built ${app}: ${count} files into ${path.relative(workspaceRoot, outDir)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
