/**
 * encoding/json: Marshal or MarshalIndent, with Go's HTML-safe escapes. A
 * `Map` is a Go map: its keys are written sorted (and templates see it as a
 * map, where a missing key is `<no value>` rather than an error).
 */
export function goJSON(v: unknown, indent?: string): string {
  const replacer = (_k: string, val: unknown): unknown =>
    val instanceof Map ? Object.fromEntries([...val.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : val;
  return JSON.stringify(v, replacer, indent)
    .replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
