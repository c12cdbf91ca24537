/**
 * What the differential test ignores when it compares swarmsim's output
 * with a real engine's: values drawn at random or from the clock on either
 * side. Each rule is a named, tested function; nothing else is forgiven here
 * (differences with a reason live in accepted.ts).
 */

export interface Rule {
  readonly name: string;
  readonly why: string;
  readonly apply: (text: string, argv: readonly string[]) => string;
}

const sub = (re: RegExp, to: string) => (t: string): string => t.replace(re, to);

export const RULES: readonly Rule[] = [
  {
    name: 'join tokens',
    why: 'swarm tokens are random (swarmkit ca/config.go GenerateJoinToken)',
    apply: sub(/SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}/g, 'SWMTKN-1-<token>'),
  },
  { name: 'digests', why: 'image and plugin digests depend on content the two sides build differently', apply: sub(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>') },
  { name: 'long hex IDs', why: 'container, plugin and local network IDs are random 64-hex', apply: sub(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g, '<hex64>') },
  { name: 'swarm IDs', why: 'node, service, task and network IDs are random 25-character base-36 (swarmkit identity/randomid.go)', apply: sub(/(?<![0-9a-z])[0-9a-z]{25}(?![0-9a-z])/g, '<ID>') },
  {
    name: 'short IDs',
    why: 'tables print IDs cut to 12 characters: a first column, or any 12-character word with a digit',
    apply: (t) =>
      t
        .split('\n')
        .map((l) => l.replace(/^[0-9a-z]{12}(?=\s|:|$)/, '<id>').replace(/(?<![0-9a-z<>])(?=[0-9a-z]*[0-9])[0-9a-z]{12}(?![0-9a-z])/g, '<id>'))
        .join('\n'),
  },
  {
    name: 'timestamps',
    why: 'RFC 3339 and Go time.Time strings carry wall-clock times',
    apply: (t) =>
      t
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g, '<time>')
        .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4} [A-Z]{3,5}/g, '<time>'),
  },
  {
    name: 'ages',
    why: 'how long ago something happened is wall time on one side and virtual time on the other',
    apply: (t) =>
      t
        .replace(/\b(?:\d+|About an?|Less than a) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|second)(?= ago\b)/gi, '<age>')
        .replace(/\bless than a second(?= ago\b)/g, '<age>')
        .replace(/\bUp (?:\d+|About an?|Less than a) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|second)\b/g, 'Up <age>')
        .replace(/\bExited \((\d+)\) (?:\d+|About an?|Less than a) (?:seconds?|minutes?|hours?|second) ago\b/g, 'Exited ($1) <age> ago'),
  },
  {
    name: 'waits',
    why: 'the progress display counts down seconds of wall time while it verifies',
    apply: sub(/verify: Waiting \d+ seconds? to verify that tasks are stable\.\.\./g, 'verify: Waiting <n> seconds to verify that tasks are stable...'),
  },
  {
    name: 'tabs',
    why: 'a terminal shows a tab as spaces up to the next multiple of 8 columns; the recording is what a terminal showed',
    apply: (t) =>
      t
        .split('\n')
        .map((l) => {
          let out = '';
          for (const ch of l) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
          return out;
        })
        .join('\n'),
  },
  {
    name: 'column widths',
    why: 'table columns are as wide as their widest cell, which the rules above change',
    apply: (t) =>
      t
        .split('\n')
        .map((l) => l.replace(/ {2,}/g, '   ').trimEnd())
        .join('\n'),
  },
  {
    name: 'global progress rows',
    why: "a global service's progress display draws one row per node in the order of a Go map (docker/cli service/progress/progress.go globalProgressUpdater ranges over activeNodes)",
    apply: (t) => {
      const lines = t.split('\n');
      const row = (l: string): boolean => /^<id>: /.test(l);
      for (let i = 0; i < lines.length; ) {
        if (!row(lines[i])) {
          i++;
          continue;
        }
        let j = i;
        while (j < lines.length && row(lines[j])) j++;
        lines.splice(i, j - i, ...lines.slice(i, j).sort());
        i = j;
      }
      return lines.join('\n');
    },
  },
  {
    name: 'slot numbers',
    why: "which task of a group goes to which node follows the Go map order of the group (swarmkit scheduler.go scheduleNTasksOnNodes ranges over taskGroup): slots are compared as a set, each with its own history rows",
    apply: (t, argv) => {
      const table = argv.includes('ps') || argv[0] === 'ps';
      if (!table) return t;
      const masked = t.replace(/(?<=^|\s)([A-Za-z0-9][A-Za-z0-9_-]*)\.\d+(?=\.<ID>|\s|$)/gm, '$1.<slot>');
      const lines = masked.split('\n');
      const head = lines[0]?.startsWith('ID ') || lines[0]?.startsWith('CONTAINER ID') ? [lines.shift() as string] : [];
      const groups: string[][] = [];
      for (const l of lines) {
        if (/^<id>   \\_ /.test(l) && groups.length > 0) groups[groups.length - 1].push(l);
        else groups.push([l]);
      }
      return [...head, ...groups.map((g) => g.join('\n')).sort()].join('\n');
    },
  },
  {
    name: 'container order',
    why: 'docker ps lists containers newest first; containers created within the same instant come in any order',
    apply: (t, argv) => {
      if (argv[0] !== 'ps' && !(argv[0] === 'container' && (argv[1] === 'ls' || argv[1] === 'ps'))) return t;
      const lines = t.split('\n');
      const head = lines[0]?.startsWith('CONTAINER ID') ? [lines.shift() as string] : [];
      return [...head, ...lines.sort()].join('\n');
    },
  },
];

export function normalize(text: string, argv: readonly string[]): string {
  let t = text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  for (const r of RULES) t = r.apply(t, argv);
  return t.replace(/\n+$/, '');
}
