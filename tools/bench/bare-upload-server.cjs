// The yardstick for uploads: what a bare node:http server does with no framework —
// stream → sha256 → temporary file → fdatasync → rename. usage: node bare-upload-server.cjs <dir>
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { Transform } = require('node:stream');

const dir = process.argv[2];
const server = http.createServer(async (request, response) => {
  const hash = crypto.createHash('sha256');
  const temp = path.join(dir, `upload-${crypto.randomUUID()}`);
  const hasher = new Transform({ transform: (chunk, _e, done) => (hash.update(chunk), done(null, chunk)) });
  const out = fs.createWriteStream(temp);
  await pipeline(request, hasher, out);
  const fd = fs.openSync(temp, 'r');
  fs.fdatasyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, path.join(dir, 'stored'));
  response.end(hash.digest('hex'));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
