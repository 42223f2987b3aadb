import { EmptyState } from '../../components/ui/empty-state';

// The upload example from CircleCI's "Storing Build Artifacts" page: Stowage accepts the same step.
const STORE_ARTIFACTS_EXAMPLE = `version: 2.1
jobs:
  build:
    docker:
      - image: python:3.6.3-jessie
    working_directory: /tmp
    steps:
      - run:
          name: Creating Dummy Artifacts
          command: |
            echo "my artifact file" > /tmp/artifact-1;
            mkdir /tmp/artifacts;
            echo "my artifact files in a dir" > /tmp/artifacts/artifact-2;

      - store_artifacts:
          path: /tmp/artifact-1
          destination: artifact-file

      - store_artifacts:
          path: /tmp/artifacts`;

/**
 * Any CI image, with or without Node.js: fetch the CLI this server serves, check it against a
 * digest pinned in the CI config, run it. (A digest fetched from the same server at the same time
 * would only catch a truncated download, not a replaced file.)
 */
function cliExample(digest: string | undefined): string {
  return `# .circleci/config.yml, in the job's steps (STOWAGE_URL and STOWAGE_TOKEN in a context):
- run:
    name: Store artifacts in Stowage
    command: |
      curl -fsSL -o /tmp/stowage "$STOWAGE_URL/cli/stowage-linux-x64"
      echo "${digest ?? '<sha256 from $STOWAGE_URL/cli/stowage-linux-x64.sha256>'}  /tmp/stowage" | sha256sum -c -
      chmod +x /tmp/stowage
      /tmp/stowage store-artifacts --path /tmp/artifacts`;
}

function CodeBlock({ label, code }: { label: string; code: string }) {
  return (
    <figure className="text-left">
      <figcaption className="mb-1 text-xs font-medium text-zinc-700">{label}</figcaption>
      <pre tabIndex={0} className="overflow-x-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-5 text-zinc-100">
        <code>{code}</code>
      </pre>
    </figure>
  );
}

export function ArtifactsEmptyState({ executableDigest }: { executableDigest?: string }) {
  return (
    <EmptyState title="This job has no artifacts" wide>
      <p className="mx-auto max-w-2xl">
        Artifacts are files a job keeps after it finishes: test reports, screenshots, coverage, core dumps, packages. Add a{' '}
        <code className="font-mono">store_artifacts</code> step to the job; <code className="font-mono">path</code> is a file or directory to
        upload and the optional <code className="font-mono">destination</code> is a prefix for its paths.
      </p>
      <div className="mt-5 grid gap-4 text-left lg:grid-cols-2">
        <CodeBlock label=".circleci/config.yml" code={STORE_ARTIFACTS_EXAMPLE} />
        <div className="space-y-3">
          <CodeBlock label="Or from any CI, with the CLI this server serves" code={cliExample(executableDigest)} />
          <p className="text-xs text-zinc-600">
            Pin the digest in your CI config: it is checked against what was downloaded, so a replaced file fails the step.
            {executableDigest ? ' The digest shown is that of the executable this server serves now.' : ''} Images with Node.js 20.18.1 or later can use{' '}
            <code className="font-mono">$STOWAGE_URL/cli/stowage.cjs</code> (run with <code className="font-mono">node</code>) instead. See docs/cli.md for GitHub Actions.
          </p>
          <p className="text-xs text-zinc-600">
            Uploaded files appear here as soon as each upload completes; files still uploading are marked as such.
          </p>
        </div>
      </div>
    </EmptyState>
  );
}
