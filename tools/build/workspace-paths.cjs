// The `@stowage/*` aliases are defined once, in tsconfig.base.json; the Node build and Jest read them from there.
const fs = require('node:fs');
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../..');

function readAliases() {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  return tsconfig.compilerOptions.paths;
}

function readSwcOptions() {
  return JSON.parse(fs.readFileSync(path.join(workspaceRoot, '.swcrc'), 'utf8'));
}

module.exports = { workspaceRoot, readAliases, readSwcOptions };
