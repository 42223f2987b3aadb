import crypto from 'node:crypto';
import { invalidInput } from '@stowage/domain';

/**
 * Opaque page tokens: the position after the last item (a keyset cursor, so pages stay stable while
 * artifacts are added), HMAC-signed so a client cannot forge or edit one; a tampered token is a 400.
 */
export class PageTokenCodec {
  constructor(private readonly secret: string) {}

  private mac(body: string): string {
    return crypto.createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, 22);
  }

  encode(kind: string, cursor: unknown): string {
    const body = Buffer.from(JSON.stringify({ k: kind, c: cursor })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  decode<T>(kind: string, token: string | undefined): T | undefined {
    if (token === undefined || token === '') return undefined;
    const [body, mac] = token.split('.');
    const invalid = () => invalidInput('page-token is malformed or was not issued by this server');
    if (!body || !mac || mac.length !== 22) throw invalid();
    const expected = Buffer.from(this.mac(body));
    // 22 characters are not always 22 bytes (a non-ASCII mac): timingSafeEqual would throw a RangeError.
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !crypto.timingSafeEqual(expected, given)) throw invalid();
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { k: string; c: T };
    if (parsed.k !== kind) throw invalid();
    return parsed.c;
  }
}
