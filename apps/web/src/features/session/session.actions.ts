'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ApiError } from '@stowage/api-client';
import { SignInRequestSchema } from '@stowage/contracts';
import { safeReturnPath } from '../../lib/app-paths';
import { readSetCookie } from '../../server/read-set-cookie';
import { SESSION_COOKIE } from '../../server/session-cookie';
import { createAnonymousApi, describeApiFailure, getApi } from '../../server/stowage-api';

export interface SignInState {
  error: string | null;
  email: string;
}

/**
 * Signs in through the API and relays its session cookie to the browser as this site's own,
 * so the cookie is first-party here and flows back to the API through the `/api` rewrite.
 */
export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').trim();
  const parsed = SignInRequestSchema.safeParse({ email, password: form.get('password') ?? '' });
  if (!parsed.success) return { error: 'Enter your email address and password.', email };

  let responseHeaders: Headers | undefined;
  const api = createAnonymousApi(async (input, init) => {
    const response = await fetch(input, { ...init, cache: 'no-store' });
    responseHeaders = response.headers;
    return response;
  });
  try {
    await api.call('signIn', { body: parsed.data });
  } catch (error) {
    if (error instanceof ApiError && [400, 401, 403].includes(error.status)) return { error: 'Incorrect email or password.', email };
    if (error instanceof ApiError && error.status === 429) return { error: 'Too many attempts. Wait a minute, then try again.', email };
    return { error: describeApiFailure(error), email };
  }

  const session = responseHeaders ? readSetCookie(responseHeaders, SESSION_COOKIE) : undefined;
  if (!session) return { error: 'The API accepted the password but started no session.', email };
  (await cookies()).set(SESSION_COOKIE, session.value, {
    httpOnly: true,
    path: session.path ?? '/',
    sameSite: session.sameSite ?? 'lax',
    secure: session.secure,
    maxAge: session.maxAge,
    expires: session.expires,
  });
  redirect(safeReturnPath(form.get('next')));
}

export async function signOut(): Promise<void> {
  const api = await getApi();
  try {
    await api.call('signOut');
  } catch {
    // Signing out must always work for the person in front of the screen: the cookie goes regardless.
  }
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/');
}
