import { displayArtifactPath, formatByteCount, formatBytes } from '@stowage/domain';
import type { Confirmation } from '../../lib/confirmation';
import { countOf } from '../../lib/plural';

/** "1.5 MiB (1,572,864 bytes)": the rounded size people read, and the exact count that goes. */
const sizeOf = (bytes: number) => (bytes < 1024 ? formatByteCount(bytes) : `${formatBytes(bytes)} (${formatByteCount(bytes)})`);

export function deleteArtifactConfirmation(artifact: { path: string; nodeIndex: number; size: number }, jobNumber: number): Confirmation {
  return {
    title: 'Delete this artifact?',
    body: `${displayArtifactPath(artifact.path)} (container ${artifact.nodeIndex} of job #${jobNumber}, ${sizeOf(artifact.size)}) is deleted at once, bytes included. This cannot be undone.`,
    confirmLabel: 'Delete artifact',
  };
}

export function deleteJobArtifactsConfirmation(jobNumber: number, artifactCount: number, totalBytes: number): Confirmation {
  const what = artifactCount === 1 ? `The only artifact of job #${jobNumber}` : `All ${countOf(artifactCount, 'artifact')} of job #${jobNumber}`;
  return {
    title: `Delete all artifacts of job #${jobNumber}?`,
    body: `${what}, ${sizeOf(totalBytes)}, ${artifactCount === 1 ? 'is' : 'are'} deleted at once, bytes included, in every container. The job itself stays. This cannot be undone.`,
    confirmLabel: artifactCount === 1 ? 'Delete 1 artifact' : `Delete ${countOf(artifactCount, 'artifact')}`,
  };
}
