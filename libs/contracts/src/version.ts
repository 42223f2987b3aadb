/**
 * Every API response carries the server's version (the workspace package.json's, semver) in this
 * header, so a client learns it from the calls it makes anyway: the CLI warns when the server is
 * newer than itself (it may then lack what the server expects), without an extra request.
 */
export const SERVER_VERSION_HEADER = 'x-stowage-version';
