// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's package.json belongs to no project; its version is all we read
import packageJson from '../../../package.json';

/**
 * The CLI's version, the workspace package.json's: baked into the bundle and the executable by
 * esbuild at build time, read beside the compiled files in the plain build (build-node-app.cjs).
 */
export const CLI_VERSION: string = packageJson.version;
