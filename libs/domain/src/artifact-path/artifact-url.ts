import { DOWNLOAD_PATH } from '@stowage/contracts';
import { encodeArtifactPath } from './java-url-encoder';

// DOWNLOAD_PATH is `/output/job/:jobId/artifacts/:nodeIndex/*path`: split once at its three
// parameters, so building each of a 10,000-artifact listing's URLs is a concatenation.
const [BEFORE_JOB, BEFORE_NODE, BEFORE_PATH, AFTER_PATH] = DOWNLOAD_PATH.split(/:jobId|:nodeIndex|\*path/);

/** The one artifact URL: CircleCI's shape with the job's global UUID and the path Java-URL-encoded. */
export function artifactUrl(baseUrl: string, jobId: string, nodeIndex: number, path: string): string {
  return `${baseUrl}${BEFORE_JOB}${jobId}${BEFORE_NODE}${nodeIndex}${BEFORE_PATH}${encodeArtifactPath(path)}${AFTER_PATH}`;
}

/** The part of a download URL's path before the artifact's (still encoded) path, as the route received it. */
export function artifactUrlPathPrefix(jobId: string, nodeIndex: string): string {
  return `${BEFORE_JOB}${jobId}${BEFORE_NODE}${nodeIndex}${BEFORE_PATH}`;
}
