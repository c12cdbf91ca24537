/**
 * Reading scenario files: a missing file is the user's mistake (one line,
 * exit 2); a malformed one is reported by the parser as FILE:LINE:COL.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Scenario } from '../scenario/ast.js';
import type { RecordingLookup } from '../scenario/lint.js';
import { parseScenario } from '../scenario/parse.js';
import { FileError } from './io.js';

export const SCENARIO_EXT = '.swarm';

function ioProblem(path: string, e: unknown): FileError {
  const code = (e as { code?: string }).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory'
    : code === 'EISDIR' ? 'is a directory (give a .swarm file)'
    : code === 'ENOTDIR' ? 'not a directory'
    : code === 'EACCES' ? 'permission denied'
    : (e as Error).message;
  return new FileError(path, why);
}

export function readText(cwd: string, path: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw ioProblem(path, e);
  }
}

/**
 * Reads what a scenario's `< FILE` names: a file in the scenario's directory
 * or below it, so that a scenario someone shared cannot read the rest of the
 * disk (no absolute paths, no `..` or symbolic link out of it).
 */
export function localFileReader(cwd: string, scenarioPath: string): (path: string) => string {
  const base = dirname(resolve(cwd, scenarioPath));
  return (path: string): string => {
    if (isAbsolute(path)) throw new Error("an absolute path: name a file beside the scenario, relative to it");
    const inside = (p: string, root: string): boolean => {
      const rel = relative(root, p);
      return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
    };
    const target = resolve(base, path);
    if (!inside(target, base)) throw new Error("outside the scenario's directory");
    let real: string;
    try {
      real = realpathSync(target);
      if (!inside(real, realpathSync(base))) throw new Error("a link to a file outside the scenario's directory");
      if (!statSync(real).isFile()) throw new Error('not a regular file');
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new Error('no such file beside the scenario');
      if (code === 'EACCES') throw new Error('permission denied');
      throw e;
    }
    return readFileSync(real, 'utf8');
  };
}

/** Parses FILE, named in messages as the user wrote it; throws ScenarioError when malformed. */
export function loadScenario(cwd: string, path: string): Scenario {
  return parseScenario(readText(cwd, path), path, { readLocalFile: localFileReader(cwd, path) });
}

/**
 * The scenario files named by `paths`: files as given, directories searched
 * recursively for *.swarm (sorted, so runs list them in a stable order).
 */
export function findScenarios(cwd: string, paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(resolve(cwd, p)).isDirectory();
    } catch (e) {
      throw ioProblem(p, e);
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const found = walk(cwd, p);
    if (found.length === 0) throw new FileError(p, `no ${SCENARIO_EXT} files in this directory`);
    out.push(...found);
  }
  return out;
}

function walk(cwd: string, dir: string): string[] {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(cwd, p));
    else if (e.name.endsWith(SCENARIO_EXT)) out.push(p);
  }
  return out;
}

/**
 * The real-Swarm recording of FILE when FILE is a library scenario of a
 * swarmsim checkout (ROOT/scenarios/NAME.swarm beside ROOT/test/real/recorded/,
 * where npm test reads it); undefined anywhere else, the npm package
 * included (it ships no test/). A recording that cannot be read counts as
 * none: recording it again is the fix either way.
 */
export function recordingOf(cwd: string, file: string): RecordingLookup | undefined {
  const abs = resolve(cwd, file);
  const dir = dirname(abs);
  const root = dirname(dir);
  const recorded = join(root, 'test', 'real', 'recorded');
  if (basename(dir) !== 'scenarios' || !existsSync(recorded)) return undefined;
  const json = join(recorded, `${basename(abs, SCENARIO_EXT)}.json`);
  const lookup = { path: relative(cwd, json) || json, scenario: relative(root, abs).split('\\').join('/') };
  try {
    const steps = (JSON.parse(readFileSync(json, 'utf8')) as { steps?: unknown }).steps;
    if (!Array.isArray(steps)) return { ...lookup, sources: null };
    return { ...lookup, sources: steps.map((s: unknown) => (s && typeof s === 'object' && 'source' in s ? String(s.source) : '')) };
  } catch {
    return { ...lookup, sources: null };
  }
}
