/**
 * A step's prompt: `HOST$` or a host range `m[001-200]$` at the start of a
 * line, followed by a blank or the end of the line. The parser reads steps
 * with it; expected output that would match it is written escaped.
 */
export const PROMPT = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]\s$]*\][A-Za-z0-9._-]*)?)\$(?=[ \t]|$)/;
