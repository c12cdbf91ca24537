/**
 * `sim$` directives: validated at parse time so a scenario with a typo fails
 * before anything runs, with the error on the offending word.
 */
import {
  PLUGIN_CAPABILITIES,
  type Directive,
  type DirectiveName,
  type KeyValue,
  type PluginCapability,
} from './ast.js';
import { ScenarioError } from './errors.js';
import type { Word } from './shell.js';
import { parseBytes, parseDuration } from '../docker/format/text.js';
import { filePathProblem } from '../docker/files.js';

export const DIRECTIVE_NAMES: readonly DirectiveName[] = ['machine', 'registry', 'sleep', 'stop', 'start', 'fail', 'file'];

export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const quote = (s: string): string => JSON.stringify(s);

/** "a, b or c" */
function oneOf(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function isDirectiveName(name: string): name is DirectiveName {
  return (DIRECTIVE_NAMES as readonly string[]).includes(name);
}

export function unknownDirectiveMessage(name: string): string {
  return `unknown directive ${quote(name)} (expected ${oneOf(DIRECTIVE_NAMES)})`;
}

/** null when NAME is a valid machine name, else why not. */
export function machineNameProblem(name: string): string | null {
  // Case-insensitive so that "SIM$" cannot be mistaken for a directive by a reader.
  if (name.toLowerCase() === 'sim') return `machine name ${quote(name)} is reserved for directives ("sim$ ...")`;
  if (!HOST_NAME.test(name)) {
    return `invalid machine name ${quote(name)}: use letters, digits, ".", "_" and "-", starting with a letter or digit`;
  }
  return null;
}

interface FlagValue {
  value: string;
  /** The word holding the value: the flag word itself for `--flag=value`. */
  at: Word;
}

interface Parsed {
  positionals: Word[];
  flags: Map<string, FlagValue[]>;
}

class DirectiveParser {
  constructor(
    private readonly file: string,
    private readonly words: Word[],
  ) {}

  get nameWord(): Word {
    return this.words[0];
  }

  fail(at: Word, message: string): never {
    throw new ScenarioError(this.file, at.line, at.column, message);
  }

  /**
   * Splits words into positionals and `--flag value` / `--flag=value`;
   * `repeatable` lists the flags that may be given more than once.
   */
  parse(allowed: readonly string[], repeatable: readonly string[] = []): Parsed {
    const positionals: Word[] = [];
    const flags = new Map<string, FlagValue[]>();
    const rest = this.words.slice(1);
    for (let k = 0; k < rest.length; k++) {
      const w = rest[k];
      if (!w.value.startsWith('--')) {
        positionals.push(w);
        continue;
      }
      const eq = w.value.indexOf('=');
      const flag = eq < 0 ? w.value : w.value.slice(0, eq);
      const directive = this.nameWord.value;
      if (!allowed.includes(flag)) {
        this.fail(
          w,
          allowed.length === 0
            ? `unknown flag ${quote(flag)}: ${quote(directive)} takes no flags`
            : `unknown flag ${quote(flag)} for ${quote(directive)} (expected ${oneOf(allowed)})`,
        );
      }
      let fv: FlagValue;
      if (eq >= 0) {
        fv = { value: w.value.slice(eq + 1), at: w };
      } else {
        const next = rest[k + 1];
        // "--cpus --memory 1g" forgot the value; taking "--memory" as it would mislead.
        if (next === undefined || next.value.startsWith('--')) this.fail(w, `flag ${flag} needs a value`);
        fv = { value: next.value, at: next };
        k++;
      }
      if (fv.value === '') this.fail(w, `flag ${flag} needs a value`);
      const list = flags.get(flag) ?? [];
      if (list.length > 0 && !repeatable.includes(flag)) this.fail(w, `flag ${flag} given twice`);
      list.push(fv);
      flags.set(flag, list);
    }
    return { positionals, flags };
  }

  /** Exactly one positional argument, described as `what` in messages. */
  single(p: Parsed, what: string): Word {
    const directive = quote(this.nameWord.value);
    if (p.positionals.length === 0) this.fail(this.nameWord, `${directive} needs ${what}`);
    if (p.positionals.length > 1) {
      this.fail(p.positionals[1], `unexpected argument ${quote(p.positionals[1].value)}: ${directive} takes one ${what.replace(/^an? /, '')}`);
    }
    return p.positionals[0];
  }

  machineName(w: Word): string {
    const problem = machineNameProblem(w.value);
    if (problem) this.fail(w, problem);
    return w.value;
  }

  keyValue(fv: FlagValue, flag: string, shape: string, valueRequired: boolean): KeyValue {
    const eq = fv.value.indexOf('=');
    const key = eq < 0 ? '' : fv.value.slice(0, eq);
    const value = eq < 0 ? '' : fv.value.slice(eq + 1);
    if (key === '' || (valueRequired && value === '')) {
      this.fail(fv.at, `${flag} must be ${shape}, got ${quote(fv.value)}`);
    }
    return { key, value };
  }
}

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_OCTET.test(p) && Number(p) <= 255);
}

const POSITIVE_DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

/** The parsers throw Go's error text; here only "invalid" matters, the message is ours. */
function orNull<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}

/**
 * Validates the words of a `sim$` line (words[0] is the directive name);
 * `stdin` is its here-document, which only `file` takes (the parser refuses
 * one on the others).
 */
export function parseDirective(words: Word[], file: string, stdin: string | null = null): Directive {
  const d: DirectiveParser = new DirectiveParser(file, words);
  const name = words[0].value;
  if (!isDirectiveName(name)) d.fail(words[0], unknownDirectiveMessage(name));

  switch (name) {
    case 'machine': {
      const p = d.parse(['--cpus', '--memory', '--os', '--arch', '--engine-label', '--ip'], ['--engine-label']);
      const machine = d.machineName(d.single(p, 'a NAME'));
      let cpus: number | null = null;
      const cpusFlag = p.flags.get('--cpus')?.[0];
      if (cpusFlag) {
        cpus = Number(cpusFlag.value);
        if (!POSITIVE_DECIMAL.test(cpusFlag.value) || !(cpus > 0) || !Number.isFinite(cpus)) {
          d.fail(cpusFlag.at, `--cpus must be a positive number, got ${quote(cpusFlag.value)}`);
        }
      }
      let memoryBytes: number | null = null;
      const memFlag = p.flags.get('--memory')?.[0];
      if (memFlag) {
        // Docker's RAMInBytes: binary units whatever the spelling (2g = 2GB = 2GiB); fractions truncated.
        memoryBytes = orNull(() => parseBytes(memFlag.value));
        // parseBytes lets "inf" and "nan" through, as Go's ParseFloat does.
        if (memoryBytes === null || !Number.isSafeInteger(memoryBytes)) {
          d.fail(memFlag.at, `--memory must be a size like 2GiB, 512MiB, 2g, 1.5GB or 1073741824, got ${quote(memFlag.value)}`);
        }
        if (memoryBytes === 0) d.fail(memFlag.at, `--memory must be at least one byte, got ${quote(memFlag.value)}`);
      }
      const engineLabels: KeyValue[] = [];
      for (const fv of p.flags.get('--engine-label') ?? []) {
        const kv = d.keyValue(fv, '--engine-label', 'KEY=VALUE', false);
        if (engineLabels.some((l) => l.key === kv.key)) d.fail(fv.at, `engine label ${quote(kv.key)} given twice`);
        engineLabels.push(kv);
      }
      const ipFlag = p.flags.get('--ip')?.[0];
      if (ipFlag && !isIPv4(ipFlag.value)) {
        d.fail(ipFlag.at, `--ip must be a dotted IPv4 address like 10.0.0.5, got ${quote(ipFlag.value)}`);
      }
      return {
        name,
        machine,
        cpus,
        memoryBytes,
        os: p.flags.get('--os')?.[0].value ?? null,
        arch: p.flags.get('--arch')?.[0].value ?? null,
        engineLabels,
        ip: ipFlag?.value ?? null,
      };
    }

    case 'registry': {
      const p = d.parse(['--type', '--scope', '--privilege'], ['--privilege']);
      const pluginWord = d.single(p, 'a PLUGIN name');
      if (/\s/.test(pluginWord.value) || pluginWord.value === '') {
        d.fail(pluginWord, `invalid plugin name ${quote(pluginWord.value)}`);
      }
      const typeFlag = p.flags.get('--type')?.[0];
      if (!typeFlag) d.fail(d.nameWord, `"registry" needs --type CAP[,CAP] (${oneOf(PLUGIN_CAPABILITIES)})`);
      const types: PluginCapability[] = [];
      for (const cap of typeFlag.value.split(',')) {
        if (!(PLUGIN_CAPABILITIES as readonly string[]).includes(cap)) {
          d.fail(typeFlag.at, `unknown plugin capability ${quote(cap)} (expected ${oneOf(PLUGIN_CAPABILITIES)})`);
        }
        if ((types as string[]).includes(cap)) d.fail(typeFlag.at, `plugin capability ${quote(cap)} given twice`);
        types.push(cap as PluginCapability);
      }
      const scopeFlag = p.flags.get('--scope')?.[0];
      if (scopeFlag && scopeFlag.value !== 'local' && scopeFlag.value !== 'global') {
        d.fail(scopeFlag.at, `--scope must be "local" or "global", got ${quote(scopeFlag.value)}`);
      }
      const privileges = (p.flags.get('--privilege') ?? []).map((fv) => d.keyValue(fv, '--privilege', 'NAME=VALUE', true));
      return {
        name,
        plugin: pluginWord.value,
        types,
        scope: scopeFlag?.value === 'global' ? 'global' : 'local',
        privileges,
      };
    }

    case 'sleep': {
      const w = d.single(d.parse([]), 'a DURATION (like 500ms, 30s, 5m, 1h or 1m30s)');
      const ms = orNull(() => parseDuration(w.value));
      if (ms === null || Number.isNaN(ms)) d.fail(w, `invalid duration ${quote(w.value)}: expected a Go duration like 500ms, 30s, 5m, 1h or 1m30s`);
      if (ms < 0) d.fail(w, `sleep duration must not be negative, got ${quote(w.value)}`);
      return { name, ms: ms === 0 ? 0 : ms }; // no -0 from "-0s"
    }

    case 'stop':
    case 'start':
      return { name, machine: d.machineName(d.single(d.parse([]), 'a machine NAME')) };

    case 'file': {
      const w = d.single(d.parse([]), 'a HOST:PATH (like node1:docker-compose.yml)');
      const colon = w.value.indexOf(':');
      if (colon < 0) d.fail(w, `expected HOST:PATH (like node1:docker-compose.yml), got ${quote(w.value)}`);
      const machine = d.machineName({ ...w, value: w.value.slice(0, colon) });
      const path = w.value.slice(colon + 1);
      const problem = filePathProblem(path);
      if (problem) d.fail(w, `${problem}: ${quote(path)}`);
      if (stdin === null) d.fail(d.nameWord, '"file" needs its content: a here-document (sim$ file HOST:PATH <<EOF) or a file beside the scenario (sim$ file HOST:PATH < FILE)');
      return { name, machine, path, content: stdin };
    }

    case 'fail': {
      const w = d.single(d.parse([]), 'a TASK (a task ID, SERVICE.SLOT or SERVICE.NODE)');
      if (w.value === '') d.fail(w, 'TASK must not be empty');
      return { name, task: w.value };
    }
  }
}
