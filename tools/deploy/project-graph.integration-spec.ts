import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

interface Graph {
  graph: { nodes: Record<string, { type: string }>; dependencies: Record<string, Array<{ target: string }>> };
}

describe('nx graph', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stowage-graph-')), 'graph.json');
  const graph = (() => {
    execFileSync(path.join(root, 'node_modules/.bin/nx'), ['graph', `--file=${file}`], { cwd: root, env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' }, stdio: 'ignore' });
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as Graph).graph;
  })();
  const isApp = (name: string) => graph.nodes[name]?.type === 'app' || graph.nodes[name]?.type === 'e2e';

  it('shows every app depending on libs, and on libs only', () => {
    for (const app of ['api', 'worker', 'admin', 'cli', 'web']) {
      const targets = graph.dependencies[app].map((edge) => edge.target).filter((target) => graph.nodes[target]);
      expect(targets.length).toBeGreaterThan(0);
      expect({ app, nonLibs: targets.filter((target) => graph.nodes[target].type !== 'lib') }).toEqual({ app, nonLibs: [] });
    }
  });

  it('has no app depending on another app', () => {
    const appEdges = Object.entries(graph.dependencies).flatMap(([source, edges]) =>
      isApp(source) ? edges.filter((edge) => isApp(edge.target)).map((edge) => `${source} → ${edge.target}`) : [],
    );
    expect(appEdges).toEqual([]);
  });

  it('keeps the web app and the CLI away from server libs', () => {
    for (const app of ['web', 'cli']) {
      const serverLibs = graph.dependencies[app].map((edge) => edge.target).filter((target) => target.startsWith('server-'));
      expect({ app, serverLibs }).toEqual({ app, serverLibs: [] });
    }
  });
});
