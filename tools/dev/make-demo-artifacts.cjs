#!/usr/bin/env node
// Writes the demo job's outputs into a directory, the way a real CI job would leave them:
// test results, an HTML coverage report, screenshots, a build log, a jar and (where gcc exists)
// a real core dump of the reference's abort() program. usage: make-demo-artifacts.cjs <dir> <node-index>
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const [dir, nodeIndexArg] = process.argv.slice(2);
const nodeIndex = Number(nodeIndexArg ?? 0);
const write = (relative, content, mode) => {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (mode) fs.chmodSync(file, mode);
};

/** A valid PNG of one colour (CRC32 per chunk, zlib-compressed scanlines). */
function png(width, height, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

write(`test-results/junit/unit-${nodeIndex}.xml`, `<?xml version="1.0"?>\n<testsuite name="unit-${nodeIndex}" tests="3" failures="1">\n  <testcase name="uploads a file"/>\n  <testcase name="lists artifacts"/>\n  <testcase name="expires artifacts"><failure message="expected 0, got 1"/></testcase>\n</testsuite>\n`);
write('logs/build.log', Array.from({ length: 400 }, (_, i) => `[${String(i).padStart(4, '0')}] step ${i % 7}: ${i % 50 === 49 ? 'WARN slow test' : 'ok'}`).join('\n') + '\n');
write('screenshots/home page.png', png(320, 200, nodeIndex ? [40, 120, 200] : [200, 80, 60]));
write('screenshots/checkout – step 2.png', png(320, 200, [60, 160, 90]));
if (nodeIndex === 0) {
  write('coverage/index.html', `<!doctype html><html><head><meta charset="utf-8"><title>Coverage report</title>
<style>body{font-family:system-ui;margin:2rem}td,th{padding:.25rem .75rem;text-align:left}.low{color:#b91c1c}</style></head>
<body><h1>Coverage: 87.4%</h1><table><tr><th>File</th><th>Lines</th></tr>
<tr><td>src/upload.ts</td><td>92%</td></tr><tr><td>src/retention.ts</td><td class="low">61%</td></tr></table>
<script>document.title += ' (sorted)';</script></body></html>\n`);
  write('coverage/lcov.info', 'TN:\nSF:src/upload.ts\nLF:100\nLH:92\nend_of_record\n');
  write('bin/deploy.sh', '#!/bin/sh\necho deploying\n', 0o755);
  write('reports/naïve façade – 日本語 ✓.txt', 'awkward names survive the round trip\n');
  // A jar is a zip: build one with Python's zipfile (present wherever this repo's tests run).
  const jar = path.join(dir, 'dist/app.jar');
  fs.mkdirSync(path.dirname(jar), { recursive: true });
  execFileSync('python3', ['-c', `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w')\nz.writestr('META-INF/MANIFEST.MF','Manifest-Version: 1.0\\nMain-Class: demo.App\\n')\nz.writestr('demo/App.class',b'\\xca\\xfe\\xba\\xbe'+bytes(60))\nz.close()`, jar]);
  // The reference's core dump: a C program that calls abort(), with the core size limit lifted.
  try {
    const work = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'stowage-core-'));
    fs.writeFileSync(path.join(work, 'main.c'), '#include <stdlib.h>\n\nint main(int argc, char **argv) {\n    abort();\n}\n');
    execFileSync('gcc', ['-o', 'dump', 'main.c'], { cwd: work });
    // `exec` keeps bash's pid for the program, so the pid names the core as core.%p.%E would.
    const crashed = require('node:child_process').spawnSync('bash', ['-c', 'ulimit -c unlimited; exec ./dump'], { cwd: work, stdio: 'ignore' });
    const core = fs.readdirSync(work).find((name) => name === 'core' || name.startsWith('core.'));
    if (core) {
      fs.mkdirSync(path.join(dir, 'core_dumps'), { recursive: true });
      fs.copyFileSync(path.join(work, core), path.join(dir, 'core_dumps', `core.${crashed.pid}.!tmp!stowage-core!dump`));
    }
    fs.rmSync(work, { recursive: true, force: true });
  } catch (error) {
    console.error(`no core dump in the demo: ${error.message}`);
  }
}
