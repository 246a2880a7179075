import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Top functions by share of busy (non-idle) self time in each .cpuprofile of `dir`, with their package or file. */
export function summarizeProfiles(dir: string, top = 12): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .flatMap((file) => {
      const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
      const byFunction = new Map<string, number>();
      const byPackage = new Map<string, number>();
      let total = 0;
      for (const node of profile.nodes) {
        const hits = node.hitCount ?? 0;
        if (node.callFrame.functionName === '(idle)') continue;
        total += hits;
        const { functionName, url, lineNumber } = node.callFrame;
        const where = url.includes('node_modules/')
          ? url.slice(url.lastIndexOf('node_modules/') + 13)
          : url.replace(/^file:\/\/.*?\/(apps|libs)\//, '$1/');
        const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
        byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
        const owner = url.includes('node_modules/')
          ? /^(@[^/]+\/[^/]+|[^/]+)/.exec(where)![1]
          : /^(apps|libs)\//.test(where)
            ? 'hookyard'
            : 'node and V8';
        byPackage.set(owner, (byPackage.get(owner) ?? 0) + hits);
      }
      const rows = [...byFunction]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([key, hits]) => `  ${((hits / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
      const share = (hits: number) => `${((hits / total) * 100).toFixed(1)}%`;
      const packages = [...byPackage]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, hits]) => `${name} ${share(hits)}`)
        .join(', ');
      return [`${file} (busy time by package: ${packages}):`, ...rows];
    });
}
