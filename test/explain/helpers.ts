/** Explanations as the CLI prints them, run in-process, with task IDs masked. */
import { cli } from '../cli/helpers.js';

export async function explainText(file: string, ...args: string[]): Promise<string> {
  const r = await cli(['explain', `scenarios/${file}.swarm`, ...args]);
  if (r.code !== 0) throw new Error(`explain ${file} ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout.replace(/\(([0-9a-z]{25})\)/g, '(ID)');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function explainJson(file: string, ...args: string[]): Promise<any> {
  const r = await cli(['explain', '--json', `scenarios/${file}.swarm`, ...args]);
  if (r.code !== 0) throw new Error(`explain ${file} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Every fix's command, one per line: what a user would paste. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands = (e: any): string[] => e.fixes.flatMap((f: any) => f.changes.map((c: any) => c.command));
