/**
 * The URL holds what is needed to reopen the same view: the scenario (its
 * name in the library, or its text, deflated and base64url-encoded), the
 * seed, the step, a branch typed into "Try it" (the frame it starts after and
 * its lines, deflated) and the selected task or node. It lives in the hash, so
 * static hosts need no routing and the text never reaches a server.
 */
export interface ViewRef {
  readonly scenario: string | null;
  readonly text: string | null;
  readonly seed: number | null;
  readonly step: number | null;
  /** `BASE.DATA`: see encodeBranch. */
  readonly branch?: string | null;
  readonly task?: string | null;
  readonly node?: string | null;
  /** Open in presenter mode (`present=1`). */
  readonly present?: boolean;
}

/** Lines typed after frame `base`, as `BASE.DEFLATED`. */
export async function encodeBranch(base: number, lines: readonly string[]): Promise<string> {
  return `${base}.${await compressText(lines.join('\n'))}`;
}

/** The branch of a link, or an Error saying why it cannot be read. */
export async function decodeBranch(s: string, maxChars: number): Promise<{ base: number; lines: string[] }> {
  const m = /^(\d{1,6})\.([A-Za-z0-9_-]+)$/.exec(s);
  if (!m) throw new Error('the branch in this link is malformed');
  const text = await decompressText(m[2], maxChars);
  return { base: Number(m[1]), lines: text.split('\n').filter((l) => l.trim() !== '') };
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

export async function compressText(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** At most `maxChars` of text: a hostile link cannot inflate into gigabytes. */
export async function decompressText(data: string, maxChars: number): Promise<string> {
  const stream = new Blob([fromBase64Url(data) as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > maxChars) {
      await reader.cancel();
      throw new Error(`The scenario in this link is larger than ${Math.round(maxChars / 1024)} KiB.`);
    }
  }
  return text + decoder.decode();
}

export function readHash(hash: string): ViewRef {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const num = (k: string): number | null => {
    const v = p.get(k);
    if (v === null || !/^\d+$/.test(v)) return null;
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : null;
  };
  return { scenario: p.get('scenario'), text: p.get('text'), seed: num('seed'), step: num('step'), branch: p.get('branch'), task: p.get('task'), node: p.get('node'), present: p.get('present') === '1' };
}

export function writeHash(ref: ViewRef): string {
  const p = new URLSearchParams();
  if (ref.scenario !== null) p.set('scenario', ref.scenario);
  else if (ref.text !== null) p.set('text', ref.text);
  if (ref.seed !== null) p.set('seed', String(ref.seed));
  if (ref.step !== null) p.set('step', String(ref.step));
  if (ref.branch) p.set('branch', ref.branch);
  if (ref.task) p.set('task', ref.task);
  else if (ref.node) p.set('node', ref.node);
  if (ref.present) p.set('present', '1');
  return `#${p.toString()}`;
}
