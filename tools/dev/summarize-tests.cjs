#!/usr/bin/env node
// Adds up every suite's results (Jest and Playwright JSON reports in dist/test-results) into the
// one closing line CI reads: "N passed, N failed, N skipped".
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '../../dist/test-results');
const totals = { passed: 0, failed: 0, skipped: 0 };
const rows = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  let row;
  if ('numPassedTests' in report) {
    row = { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0), skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
  } else if (report.stats) {
    row = { passed: report.stats.expected + (report.stats.flaky ?? 0), failed: report.stats.unexpected, skipped: report.stats.skipped };
  } else continue;
  rows.push(`  ${file.replace(/\.json$/, '').padEnd(28)} ${String(row.passed).padStart(5)} passed ${String(row.failed).padStart(3)} failed ${String(row.skipped).padStart(3)} skipped`);
  for (const key of Object.keys(totals)) totals[key] += row[key];
}
console.log(rows.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || rows.length === 0 ? 1 : 0);
