import { displayArtifactPath, formatBytes, invalidInput, payloadTooLarge, validateArtifactPath } from '@stowage/domain';

/**
 * What every declaration of files to upload must satisfy, whichever protocol brings the bytes:
 * canonical artifact paths, each once per request, and none over the per-file limit. Throws the
 * 400 or 413 naming the first file at fault.
 */
export function assertUploadableFiles(files: ReadonlyArray<{ path: string; size: number }>, maxBytes: number): void {
  const problems = files.flatMap((file, index) => {
    const validation = validateArtifactPath(file.path);
    // Named as it is shown everywhere: escaped, so the message is safe to print or log.
    return validation.ok ? [] : [{ path: `files.${index}.path`, message: `"${displayArtifactPath(file.path)}": ${validation.reason}` }];
  });
  if (problems.length) throw invalidInput(`invalid artifact path: ${problems[0]!.message}`, problems);
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path)) throw invalidInput(`artifact path "${displayArtifactPath(file.path)}" appears twice in one request`);
    seen.add(file.path);
  }
  const tooLarge = files.find((file) => file.size > maxBytes);
  if (tooLarge) {
    throw payloadTooLarge(
      `"${displayArtifactPath(tooLarge.path)}" is ${formatBytes(tooLarge.size, { bareWholeUnits: true })}; the limit is ${formatBytes(maxBytes, { bareWholeUnits: true })} (${maxBytes} bytes) per file`,
    );
  }
}
