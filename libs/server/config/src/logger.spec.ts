import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './logger';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(loggerOptions({ LOG_LEVEL: 'trace' }, 'test'), stream), lines };
}

describe('the logger', () => {
  it('redacts secret headers and query values of a logged request and response, Location included', () => {
    const { logger, lines } = capturingLogger();
    const req = {
      method: 'GET',
      url: '/api/v1.1/x?circle-token=stw_query',
      headers: { authorization: 'Basic c3R3X2Jhc2ljOg==', 'circle-token': 'stw_header', cookie: 'stowage_session=sess_cookie' },
      socket: {},
    };
    const res = {
      statusCode: 302,
      getHeaders: () => ({ location: 'https://s3/k?X-Amz-Signature=sig_location', 'set-cookie': 'stowage_session=sess_set' }),
    };
    logger.info({ req, res }, 'request completed');
    const line = lines.join('');
    for (const secret of ['stw_query', 'c3R3X2Jhc2ljOg==', 'stw_header', 'sess_cookie', 'sig_location', 'sess_set']) expect(line).not.toContain(secret);
    expect(JSON.parse(line).res.headers.location).toBe('https://s3/k?X-Amz-Signature=[redacted]');
  });

  it('redacts URLs in error messages, stacks and messages, and secret fields', () => {
    const { logger, lines } = capturingLogger();
    const error = Object.assign(new Error('GET http://api/x?signature=sig_error failed'), { url: 'http://stw_user:@api/x' });
    logger.error({ err: error, body: { email: 'a@b.test', password: 'hunter2' } }, 'calling https://s3/k?X-Amz-Credential=AKID%2Fscope');
    const line = lines.join('');
    for (const secret of ['sig_error', 'stw_user', 'hunter2', 'AKID']) expect(line).not.toContain(secret);
    expect(line).toContain('a@b.test');
  });
});
