import type { CommandContext } from './command.js';

const stdinCursor = new WeakMap<CommandContext, number>();

/**
 * internal/prompt Confirm: prints `<message> [y/N] ` and reads one line.
 * Without stdin the answer is `y`, typed at the terminal and so echoed
 * (the documents' transcripts show it), unless an interactive front end
 * asks a person (ctx.ask); with stdin the answer comes from the next line of
 * it, unechoed, as from a pipe. End of input answers no.
 */
export function confirm(ctx: CommandContext, message: string): boolean {
  const prompt = `${message} [y/N] `;
  if (ctx.stdin === null && ctx.ask) {
    const typed = ctx.ask(prompt);
    if (typed === null) {
      promptNoNewline(ctx, prompt);
      return false;
    }
    // The terminal echoes what was typed, and the newline that ended it.
    ctx.out(prompt + typed);
    return typed.trim().toLowerCase() === 'y';
  }
  if (ctx.stdin === null) {
    ctx.out(prompt + 'y');
    return true;
  }
  const lines = ctx.stdin.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const at = stdinCursor.get(ctx) ?? 0;
  stdinCursor.set(ctx, at + 1);
  // The prompt has no newline: with piped input the next output follows on the same line.
  promptNoNewline(ctx, prompt);
  const answer = at < lines.length ? lines[at].trim() : null;
  return answer !== null && answer.toLowerCase() === 'y';
}

/** Writes text without the newline ctx.out adds (prompts). */
function promptNoNewline(ctx: CommandContext, text: string): void {
  const raw = (ctx as CommandContext & { outRaw?: (s: string) => void }).outRaw;
  if (raw) raw(text);
  else ctx.out(text);
}
