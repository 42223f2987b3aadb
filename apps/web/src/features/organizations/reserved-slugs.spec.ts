import fs from 'node:fs';
import path from 'node:path';
import { RESERVED_ORGANIZATION_SLUGS } from '@stowage/contracts';

// `/[org]` catches every top-level path the app serves nothing else at: an organization named like
// one of those would have no reachable pages. The reserved list in libs/contracts must name them all.

const appDir = path.join(__dirname, '../../app');
const publicDir = path.join(__dirname, '../../../public');
const reserved = new Set<string>(RESERVED_ORGANIZATION_SLUGS);

// Next.js's file conventions that shape routes without being served at their own URL.
const NON_ROUTE_FILE = /^(layout|page|template|loading|error|global-error|not-found|global-not-found|forbidden|unauthorized|default|route)\.(tsx?|jsx?)$|\.(css|scss)$/;
// Metadata files generated from code: where Next.js serves each (`icon.tsx` → `/icon`, `robots.ts` → `/robots.txt`).
const GENERATED_METADATA = /^(icon|apple-icon|opengraph-image|twitter-image|robots|sitemap|manifest)\.(tsx?|jsx?)$/;
const GENERATED_AT: Record<string, string> = { robots: 'robots.txt', sitemap: 'sitemap.xml', manifest: 'manifest.webmanifest' };

/** What the app serves at `/<name>` for each top-level entry of src/app. */
function topLevelRoutes(): string[] {
  return fs.readdirSync(appDir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      // Dynamic segments (`[org]`), route groups (`(group)`), private folders (`_x`) and slots (`@x`) add no path of their own.
      return /^[[(_@]/.test(entry.name) ? [] : [entry.name];
    }
    if (NON_ROUTE_FILE.test(entry.name)) return [];
    const generated = GENERATED_METADATA.exec(entry.name);
    return [generated ? (GENERATED_AT[generated[1]] ?? generated[1]) : entry.name];
  });
}

describe('reserved organization slugs', () => {
  test('name every top-level folder and file of src/app that the app serves', () => {
    const routes = topLevelRoutes();
    expect(routes).toEqual(expect.arrayContaining(['settings', 'sign-in', 'icon.svg']));
    expect(routes.filter((name) => !reserved.has(name.toLowerCase()))).toEqual([]);
  });

  test('name every file in public/', () => {
    const files = fs.existsSync(publicDir) ? fs.readdirSync(publicDir) : [];
    expect(files.filter((name) => !reserved.has(name.toLowerCase()))).toEqual([]);
  });

  test("name every path the proxy forwards to the API, and the app's own assets", () => {
    const proxy = fs.readFileSync(path.join(__dirname, '../../proxy.ts'), 'utf8');
    const forwarded = [...proxy.matchAll(/'\/([^/':]+)\/:path\*'/g)].map((match) => match[1]);
    expect(forwarded).toEqual(expect.arrayContaining(['api', 'output']));
    // `/cli` is forwarded like `/api` and `/output` (the CLI's downloads), whether or not the proxy lists it yet.
    for (const name of [...forwarded, 'cli', '_next', 'favicon.ico', 'robots.txt']) expect(reserved).toContain(name);
  });
});
