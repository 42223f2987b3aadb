import { archiveHref, browserHref } from './artifact-links';

const job = { vcs: 'github', org: 'demo', project: 'app', jobNumber: 42 } as const;

describe('archiveHref', () => {
  it('links the whole job as one zip', () => {
    expect(archiveHref(job)).toBe('/api/stowage/v1/projects/github/demo/app/jobs/42/artifacts.zip');
  });

  it('narrows to one container, or one folder of a container', () => {
    expect(archiveHref(job, { nodeIndex: 0 })).toBe('/api/stowage/v1/projects/github/demo/app/jobs/42/artifacts.zip?node_index=0');
    expect(archiveHref(job, { nodeIndex: 2, prefix: 'test results/' })).toBe(
      '/api/stowage/v1/projects/github/demo/app/jobs/42/artifacts.zip?node_index=2&prefix=test+results%2F',
    );
  });
});

describe('browserHref', () => {
  const api = 'http://127.0.0.1:3000';

  it('turns the API origin into same-origin paths the rewrites proxy', () => {
    expect(browserHref('http://127.0.0.1:3000/output/job/j1/artifacts/0/a%20b.txt', api)).toBe('/output/job/j1/artifacts/0/a%20b.txt');
    expect(browserHref('/output/job/j1/artifacts/0/x.txt?v=1', api)).toBe('/output/job/j1/artifacts/0/x.txt?v=1');
  });

  it('keeps other origins, which the rewrites do not cover', () => {
    expect(browserHref('https://artifacts.example.com/output/job/j1/artifacts/0/x.txt', api)).toBe(
      'https://artifacts.example.com/output/job/j1/artifacts/0/x.txt',
    );
    expect(browserHref('http://127.0.0.1:3000/elsewhere/x', api)).toBe('http://127.0.0.1:3000/elsewhere/x');
  });
});
