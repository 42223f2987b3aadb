import type { PurgePreview } from '@stowage/contracts';
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

/** What the purge dialog says: the bytes, every artifact holding them (as listed), and the count confirmed. */
export interface PurgeConfirmation {
  title: string;
  intro: string;
  /** "job #3, container 0: logs/build.log", one per listed artifact. */
  items: string[];
  /** How many more hold the bytes than are listed. */
  unlisted: number;
  warning: string;
  confirmLabel: string;
}

export function purgeConfirmation(preview: PurgePreview): PurgeConfirmation {
  const count = preview.artifactCount;
  return {
    title: 'Purge these bytes?',
    intro: `These bytes (${sizeOf(preview.size)}, SHA-256 ${preview.sha256.slice(0, 12)}…) are stored once for this project and held by ${count === 1 ? 'one artifact' : countOf(count, 'artifact')}. ${count === 1 ? 'It is' : 'All of them are'} deleted:`,
    items: preview.artifacts.map((artifact) => `job #${artifact.jobNumber}, container ${artifact.nodeIndex}: ${displayArtifactPath(artifact.path)}`),
    unlisted: Math.max(0, count - preview.artifacts.length),
    warning: 'The bytes are deleted from storage at once and cannot be recovered; a later upload of the same file sends them again.',
    confirmLabel: count === 1 ? 'Purge 1 artifact' : `Purge ${countOf(count, 'artifact')}`,
  };
}
