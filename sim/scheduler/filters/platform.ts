import type { Platform, Task } from '../../model/types.js';
import type { NodeInfo } from '../nodeInfo.js';
import { nodes, type Filter, type Fix } from './filter.js';

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64' };
const normArch = (a: string): string => ARCH_ALIASES[a] ?? a;

/** filter.go platformEqual: empty fields match anything; x86_64 is amd64, aarch64 is arm64. */
export function platformMatches(image: Platform, node: Platform): boolean {
  const ia = normArch(image.arch);
  return (ia === '' || ia === normArch(node.arch)) && (image.os === '' || image.os === node.os);
}

/** PlatformFilter: the node's OS and architecture are among the image's platforms. */
export class PlatformFilter implements Filter {
  readonly name = 'Platform' as const;
  private platforms: readonly Platform[] = [];
  setTask(t: Task): boolean {
    this.platforms = t.spec.placement.platforms;
    return this.platforms.length > 0;
  }
  check(n: NodeInfo): boolean {
    const p = n.node.description?.platform;
    return p !== undefined && this.platforms.some((img) => platformMatches(img, p));
  }
  explain(count: number): string {
    return `unsupported platform on ${nodes(count)}`;
  }
  reason(n: NodeInfo): string {
    const p = n.node.description?.platform;
    const wanted = this.platforms.map((x) => `${x.os || '*'}/${x.arch || '*'}`).join(', ');
    return `node is ${p ? `${p.os}/${p.arch}` : 'unknown'}, image supports ${wanted}`;
  }
  fixes(_n: NodeInfo): Fix[] {
    return [];
  }
}
