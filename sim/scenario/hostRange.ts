/**
 * Host ranges in a prompt, as pdsh writes them: `m[002-200]$ docker swarm
 * join ...` runs the command on m002, m003, ... m200, one step for a fleet.
 * A range item `A-B` whose A has a leading zero pads every number to A's
 * width (pdsh's hostlist.c); items are separated by commas: `node[1-3,7]`.
 *
 * The output of such a step is what `pdsh ... | dshbak -c` prints: each
 * distinct output once, under a header naming the hosts that printed it.
 */

/** More hosts in one prompt than this is an error: a typo like `[1-100000]` should not build a city. */
export const MAX_RANGE_HOSTS = 10_000;

/** `prefix[spec]suffix`; only one bracket group, as in the common pdsh use. */
const RANGE = /^([A-Za-z0-9][A-Za-z0-9._-]*)\[([^\]]*)\]([A-Za-z0-9._-]*)$/;

export interface HostRange {
  readonly prefix: string;
  readonly suffix: string;
  readonly hosts: readonly string[];
}

/** True when `prompt` (the text before `$`) uses the range syntax. */
export function isHostRange(prompt: string): boolean {
  return prompt.includes('[');
}

/**
 * Expands a range prompt; throws an Error whose message says what is wrong
 * (the parser locates it at the prompt).
 */
export function expandHostRange(prompt: string): HostRange {
  const m = RANGE.exec(prompt);
  if (!m) throw new Error(`invalid host range ${JSON.stringify(prompt)}: expected PREFIX[A-B,C]SUFFIX, like m[001-200]`);
  const [, prefix, spec, suffix] = m;
  const hosts: string[] = [];
  const seen = new Set<string>();
  for (const item of spec.split(',')) {
    const r = /^(\d+)(?:-(\d+))?$/.exec(item);
    if (!r) throw new Error(`invalid host range item ${JSON.stringify(item)} in ${JSON.stringify(prompt)}: expected a number N or a range A-B`);
    const a = Number(r[1]);
    const b = r[2] === undefined ? a : Number(r[2]);
    if (b < a) throw new Error(`host range ${item} in ${JSON.stringify(prompt)} runs backwards`);
    if (hosts.length + (b - a + 1) > MAX_RANGE_HOSTS) {
      throw new Error(`host range ${JSON.stringify(prompt)} names more than ${MAX_RANGE_HOSTS.toLocaleString('en')} hosts`);
    }
    const width = r[1].length > 1 && r[1].startsWith('0') ? r[1].length : 0;
    for (let n = a; n <= b; n++) {
      const host = `${prefix}${String(n).padStart(width, '0')}${suffix}`;
      if (seen.has(host)) throw new Error(`host ${host} appears twice in ${JSON.stringify(prompt)}`);
      seen.add(host);
      hosts.push(host);
    }
  }
  return { prefix, suffix, hosts };
}

/**
 * The hosts of one range, written back as a range: consecutive numbers of the
 * same width collapse (`m[002-005,009]`); a single host is its bare name.
 */
export function compressHosts(prefix: string, suffix: string, hosts: readonly string[]): string {
  if (hosts.length === 1) return hosts[0];
  const nums = hosts.map((h) => h.slice(prefix.length, h.length - suffix.length));
  const items: string[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1].length === nums[i].length && Number(nums[j + 1]) === Number(nums[j]) + 1) j++;
    items.push(j === i ? nums[i] : `${nums[i]}-${nums[j]}`);
    i = j + 1;
  }
  return `${prefix}[${items.join(',')}]${suffix}`;
}

const RULE = '-'.repeat(16);

/**
 * dshbak -c: hosts with identical output share one block, in the order of
 * their first host; hosts that printed nothing have no block.
 */
export function groupOutputs(range: HostRange, outputs: readonly string[]): string {
  const groups = new Map<string, string[]>();
  range.hosts.forEach((h, i) => {
    const out = outputs[i];
    if (out === '') return;
    let g = groups.get(out);
    if (!g) groups.set(out, (g = []));
    g.push(h);
  });
  let text = '';
  for (const [out, hosts] of groups) {
    text += `${RULE}\n${compressHosts(range.prefix, range.suffix, hosts)}\n${RULE}\n${out.endsWith('\n') ? out : `${out}\n`}`;
  }
  return text;
}
