/**
 * The files on a machine, as the docker CLI running there sees them: a flat
 * map from absolute path to text, placed by `sim$ file` and read by
 * `docker stack deploy -c FILE` and `service create --env-file FILE`. Paths
 * are relative to the machine's working directory, /root (root's shell, as
 * on the engines of the documents' walkthroughs). Directories exist as the
 * parents of files; nothing else of a filesystem is modelled.
 */
import { DockerError } from '../errors.js';
import type { Machine } from '../model/types.js';

/** Where a relative path starts. */
export const WORKING_DIRECTORY = '/root';

/** Files on one machine and characters in all of them: each refused beyond, with a message saying so. */
export const FILE_LIMITS = {
  maxFilesPerMachine: 1_000,
  maxCharsPerMachine: 10_000_000,
  /** Linux PATH_MAX, and NAME_MAX for one component. */
  maxPathChars: 4_096,
  maxNameChars: 255,
} as const;

/** Why `path` cannot name a file, or null: the checks `sim$ file` makes before anything runs. */
export function filePathProblem(path: string): string | null {
  if (path === '') return 'the file path is empty';
  if (path.includes('\0')) return 'the file path contains a NUL character';
  if (path.length > FILE_LIMITS.maxPathChars) return `the file path is longer than ${FILE_LIMITS.maxPathChars.toLocaleString('en')} characters`;
  const long = path.split('/').find((c) => c.length > FILE_LIMITS.maxNameChars);
  if (long !== undefined) return `a file name is longer than ${FILE_LIMITS.maxNameChars} characters`;
  if (absolutePath(path) === '/') return 'the file path names a directory, not a file';
  return null;
}

/** filepath.Abs then Clean: the working directory joined, `.` and `..` resolved, one slash between names. */
export function absolutePath(path: string, cwd = WORKING_DIRECTORY): string {
  const parts: string[] = [];
  for (const c of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') parts.pop();
    else parts.push(c);
  }
  return '/' + parts.join('/');
}

/** `sim$ file`: places (or replaces) a file; a DockerError past a limit, the machine unchanged. */
export function writeMachineFile(m: Machine, path: string, content: string): void {
  const abs = absolutePath(path);
  const files = m.files ?? new Map<string, string>();
  if (!files.has(abs) && files.size >= FILE_LIMITS.maxFilesPerMachine)
    throw new DockerError(`swarmsim keeps at most ${FILE_LIMITS.maxFilesPerMachine.toLocaleString('en')} files on a machine (${m.name} has them)`, false);
  let total = content.length;
  for (const [p, c] of files) if (p !== abs) total += c.length;
  if (total > FILE_LIMITS.maxCharsPerMachine)
    throw new DockerError(`swarmsim keeps at most ${FILE_LIMITS.maxCharsPerMachine.toLocaleString('en')} characters of files on a machine (${m.name} would have ${total.toLocaleString('en')})`, false);
  // A file where a directory is, or under a file, is refused as the shell would refuse it.
  for (const p of files.keys()) {
    if (p.startsWith(abs + '/')) throw new DockerError(`${path}: Is a directory`, false);
    if (abs.startsWith(p + '/')) throw new DockerError(`${path}: Not a directory`, false);
  }
  files.set(abs, content);
  m.files = files;
}

/**
 * os.ReadFile(path) as the CLI calls it: the text, or Go's *PathError, which
 * names the path as given (`open docker-compose.yml: no such file or
 * directory`). The error is the CLI's (exit 1), not the daemon's.
 */
export function readMachineFile(m: Machine, path: string): string {
  if (path === '') throw new DockerError('open : no such file or directory', false);
  const abs = absolutePath(path);
  const files = m.files ?? new Map<string, string>();
  const content = files.get(abs);
  if (content !== undefined) return content;
  for (const p of files.keys()) {
    // read(2) on a directory: EISDIR; a path through a file: ENOTDIR at open(2).
    if (p.startsWith(abs === '/' ? '/' : abs + '/')) throw new DockerError(`read ${path}: is a directory`, false);
    if (abs.startsWith(p + '/')) throw new DockerError(`open ${path}: not a directory`, false);
  }
  throw new DockerError(`open ${path}: no such file or directory`, false);
}
