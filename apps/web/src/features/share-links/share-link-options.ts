import { SHARE_LINK_MAX_SECONDS, SHARE_LINK_MIN_SECONDS } from '@stowage/contracts';
import { encodeArtifactPath } from '@stowage/domain';

/** How long a new share link lives: the choices the dialog offers, within the API's one hour to 30 days. */
export const SHARE_EXPIRY_CHOICES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 24 * 3600 },
  { label: '7 days', seconds: 7 * 24 * 3600 },
  { label: '30 days', seconds: 30 * 24 * 3600 },
] as const satisfies ReadonlyArray<{ label: string; seconds: number }>;

export interface ExpiryChoice {
  label: string;
  seconds: number;
  /** False when the link would outlive the artifacts (a link never may): the API would refuse it. */
  allowed: boolean;
}

/**
 * The choices, each marked allowed or not against the latest expiry of what is shared when the
 * page knows it (one file's `expiresAt`). For folders and whole jobs the API is the judge: it
 * answers 400 with the latest allowed time, which the dialog shows.
 */
export function expiryChoices(now: Date, latestExpiry?: string | null): ExpiryChoice[] {
  const latest = latestExpiry ? Date.parse(latestExpiry) : Number.NaN;
  return SHARE_EXPIRY_CHOICES.map(({ label, seconds }) => ({
    label,
    seconds,
    allowed: seconds >= SHARE_LINK_MIN_SECONDS && seconds <= SHARE_LINK_MAX_SECONDS && (Number.isNaN(latest) || now.getTime() + seconds * 1000 <= latest),
  }));
}

/** The longest allowed choice up to a week: what the dialog selects first. Null when none is allowed. */
export function defaultExpiry(choices: ExpiryChoice[]): number | null {
  const allowed = choices.filter((choice) => choice.allowed && choice.seconds <= 7 * 24 * 3600);
  return allowed.at(-1)?.seconds ?? choices.find((choice) => choice.allowed)?.seconds ?? null;
}

/** The public page of a link, on this web app's origin (not the API's listing URL the API answers). */
export function sharePageUrl(webOrigin: string, secret: string): string {
  return `${webOrigin.replace(/\/+$/, '')}${sharePagePath(secret)}`;
}

export function sharePagePath(secret: string): string {
  return `/s/${encodeURIComponent(secret)}`;
}

/** One shared file, reached through this origin's `/s/` forwarding to the API. */
export function sharedFileHref(secret: string, item: { nodeIndex: number; path: string }): string {
  return `${sharePagePath(secret)}/files/${item.nodeIndex}/${encodeArtifactPath(item.path)}`;
}

export function sharedArchiveHref(secret: string): string {
  return `${sharePagePath(secret)}/archive.zip`;
}

/** A link's secret as the API makes it (`shr_` and base64url): anything else is not worth asking the API about. */
export function looksLikeShareSecret(secret: string): boolean {
  return /^shr_[A-Za-z0-9_-]{16,128}$/.test(secret);
}
