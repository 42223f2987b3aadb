import { NextResponse } from 'next/server';

/** One cookie from an upstream response's `Set-Cookie` headers, parsed by Next's own cookie parser. */
export function readSetCookie(headers: Headers, name: string) {
  return new NextResponse(null, { headers }).cookies.get(name);
}
