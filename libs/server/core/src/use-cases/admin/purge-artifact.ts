import type { PurgePreview, PurgeRequest, PurgeResult } from '@stowage/contracts';
import { invalidInput } from '@stowage/domain';
import { z } from 'zod';
import { purgeBlob, purgePreviewOf, purgeTargetOf } from '../../artifacts/purge-bytes';
import type { ServerContext } from '../../server-context';

const artifactIdOf = (value: string) => {
  if (!z.uuid().safeParse(value).success) throw invalidInput(`artifact id "${value}" is not a UUID`);
  return value;
};

/** The operator's purge preview (stowage-admin artifacts purge): what previewPurge lists, for any project. */
export async function previewArtifactPurge(ctx: Pick<ServerContext, 'artifacts' | 'blobs'>, input: { artifactId: string }): Promise<PurgePreview> {
  const { artifact, blob } = await purgeTargetOf(ctx, artifactIdOf(input.artifactId));
  return purgePreviewOf(ctx, artifact, blob);
}

/** The operator's purge, confirmed like the route's: by the blob's SHA-256 and the count the preview listed. */
export async function purgeArtifact(ctx: Pick<ServerContext, 'artifacts' | 'blobs' | 'storage'>, input: { artifactId: string; confirmation: PurgeRequest }): Promise<PurgeResult> {
  const { blob } = await purgeTargetOf(ctx, artifactIdOf(input.artifactId));
  return purgeBlob(ctx, blob, input.confirmation);
}
