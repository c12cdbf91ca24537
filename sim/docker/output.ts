/** What listing and inspect commands print: tables, templates and JSON (docker/cli cli/command/formatter, cli/command/inspect). */
import { cliError, DockerError } from '../errors.js';
import type { CommandContext } from './command.js';
import { goJSON } from './format/json.js';
import { executeTemplate, parseFormat, rawJSON, renderRows, TemplateError } from './format/template.js';

/** The formats a listing command knows (its newFormat in docker/cli). */
export interface ListFormats {
  readonly table: string;
  readonly quiet: string;
  readonly raw?: string;
  readonly rawQuiet?: string;
}

/**
 * Prints rows the way a docker listing does: `--format` empty or `table`
 * picks the default table (or the quiet format with -q), `raw` the raw
 * format, anything else is a Go template.
 */
export function writeList(
  ctx: CommandContext,
  format: string,
  quiet: boolean,
  formats: ListFormats,
  rows: readonly object[],
  headers: Readonly<Record<string, string>>,
  typeName?: string,
): void {
  let f = format;
  if (f === '' || f === 'table') f = quiet ? formats.quiet : formats.table;
  else if (f === 'raw' && formats.raw) f = quiet ? (formats.rawQuiet ?? formats.raw) : formats.raw;
  ctx.out(renderRows(f, rows, headers, { typeName }));
}

/**
 * cli/command/inspect Inspect: an indented JSON array by default, compact
 * JSON for `json`, else the template once per object. Objects that cannot be
 * found are reported together after the others are printed (exit 1); a
 * malformed template is exit 64.
 *
 * The template runs on the typed Go value first. Where the client also has
 * the daemon's raw JSON (the ...InspectWithRaw calls: network and plugin
 * inspect, and top-level `docker inspect`; `raw: true`), a template that fails
 * there runs again on the decoded JSON with missingkey=error, and its error is
 * the one reported (docker/cli v28.2.2 cli/command/inspect/inspector.go
 * TemplateInspector.Inspect, tryRawInspectFallback). So `{{.ID}}` (the Go
 * field) and `{{.Id}}` (the JSON key) both work on a network.
 */
export function writeInspect(
  ctx: CommandContext,
  refs: readonly string[],
  format: string,
  get: (ref: string) => object,
  opts: { raw?: boolean } = {},
): void {
  if (format !== '' && format !== 'json') {
    try {
      parseFormat(format);
    } catch (e) {
      if (e instanceof TemplateError) throw new DockerError(e.dockerMessage, false, 64);
      throw e;
    }
  }
  const found: object[] = [];
  const errors: string[] = [];
  let text = '';
  for (const ref of refs) {
    let obj: object;
    try {
      obj = get(ref);
    } catch (e) {
      if (e instanceof DockerError) {
        errors.push(e.display);
        continue;
      }
      throw e;
    }
    if (format === '' || format === 'json') found.push(obj);
    else {
      try {
        text += executeTemplate(format, obj) + '\n';
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        if (!opts.raw) errors.push(e.dockerMessage);
        else {
          try {
            text += executeTemplate(format, rawJSON(obj), { missingKey: 'error' }) + '\n';
          } catch (e2) {
            if (!(e2 instanceof TemplateError)) throw e2;
            errors.push(e2.dockerMessage);
          }
        }
      }
    }
  }
  if (format === '') ctx.out(found.length ? goJSON(found, '    ') : '[]');
  else if (format === 'json') ctx.out(found.length ? goJSON(found) : '[]');
  else ctx.out(text === '' ? '\n' : text);
  if (errors.length) throw new DockerError(errors.join('\n'), false);
}

/**
 * The `rm` commands' runRemove (node, volume, plugin, secret, config in
 * docker/cli v28.2.2): each name tried in turn and printed as typed once
 * removed; the refusals joined at the end (errors.Join), exit 1.
 */
export function removeEach(ctx: CommandContext, refs: readonly string[], remove: (ref: string) => void): void {
  const errors: string[] = [];
  for (const ref of refs) {
    try {
      remove(ref);
      ctx.out(ref);
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      errors.push(e.display);
    }
  }
  if (errors.length) throw cliError(errors.join('\n'));
}
