// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's package.json belongs to no project; its version is all we read
import packageJson from '../../../../package.json';

/**
 * The server's version: the workspace package.json's, also in the build (tools/build/build-node-app.cjs
 * copies it beside the compiled files). The CLI the API serves is built from the same checkout.
 */
export const STOWAGE_VERSION: string = packageJson.version;
