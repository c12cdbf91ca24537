/** Template execution (golang/go src/text/template/exec.go). */
import { goQuote, utf8Length } from '../text.js';
import { BUILTINS, type ExecCtx, type GoFunc, type ParamType } from './funcs.js';
import { type AnyNode, type ArgNode, type CommandNode, type ControlNode, type Node, nodeString, type PipeNode } from './parse.js';
import { FuncError, goType, isStruct, isTrue, sortedKeys, sprint, structKey, TemplateError } from './value.js';

const MISSING: unique symbol = Symbol('missing'); // Go's missingVal: no piped value
type Final = unknown | typeof MISSING;

export class State {
  private node: AnyNode | null = null;
  private vars: { name: string; value: unknown }[];
  private readonly names = new Map<unknown, string>();

  constructor(
    private readonly text: string,
    private readonly funcs: Record<string, GoFunc>,
    private readonly ctx: ExecCtx,
    root: unknown,
    rowType: string | undefined,
    readonly out: string[],
  ) {
    this.vars = [{ name: '$', value: root }];
    if (rowType !== undefined) this.names.set(ctx.row, rowType);
  }

  private at(node: AnyNode): void {
    this.node = node;
  }

  /** Go's state.errorf with ErrorContext: line and byte column of the node. */
  private errorf(msg: string): never {
    const name = this.ctx.name;
    if (!this.node) throw new TemplateError(`template: ${name}: ${msg}`);
    const before = this.text.slice(0, this.node.pos);
    const nl = before.lastIndexOf('\n');
    const line = before.split('\n').length;
    const col = utf8Length(nl < 0 ? before : before.slice(nl + 1));
    throw new TemplateError(`template: ${name}:${line}:${col}: executing ${goQuote(name)} at <${nodeString(this.node)}>: ${msg}`);
  }

  walk(dot: unknown, node: Node): void {
    this.at(node);
    switch (node.kind) {
      case 'text':
        this.out.push(node.text);
        return;
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(sprint(val));
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const val = this.evalPipeline(dot, node.pipe);
        if (isTrue(val)) this.walkList(node.kind === 'with' ? val : dot, node.list);
        else if (node.elseList) this.walkList(dot, node.elseList);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(dot, node);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkList(dot: unknown, list: Node[]): void {
    for (const n of list) this.walk(dot, n);
  }

  private walkRange(dot: unknown, r: ControlNode): void {
    this.at(r);
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl.length;
    const one = (i: unknown, elem: unknown): void => {
      if (decl > 0) this.vars[this.vars.length - 1].value = elem;
      if (decl > 1) this.vars[this.vars.length - 2].value = i;
      this.walkList(elem, r.list);
      this.vars.length = mark;
    };
    let iterated = false;
    if (Array.isArray(val)) {
      val.forEach((e, i) => one(i, e));
      iterated = val.length > 0;
    } else if (val instanceof Map) {
      for (const k of sortedKeys(val)) one(k, val.get(k));
      iterated = val.size > 0;
    } else if (typeof val === 'number' && Number.isInteger(val)) {
      // Go 1.22+: range over an int.
      if (decl > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0; i < val; i++) one(i, i);
      iterated = val > 0;
    } else if (val !== undefined && val !== null) {
      this.errorf(`range can't iterate over ${sprint(val)}`);
    }
    if (!iterated && r.elseList) this.walkList(dot, r.elseList);
    this.vars.length = outer;
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const name of pipe.decl) {
      if (!pipe.isAssign) this.vars.push({ name, value });
      else {
        const v = [...this.vars].reverse().find((x) => x.name === name);
        if (!v) this.errorf(`undefined variable: ${name}`);
        v.value = value;
      }
    }
    return value;
  }

  private notAFunction(args: ArgNode[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0];
    switch (first.kind) {
      case 'field':
        this.at(first);
        return this.evalFieldChain(dot, first.ident, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return first.value;
      case 'string':
        return first.text;
    }
  }

  private evalChain(dot: unknown, chain: Extract<ArgNode, { kind: 'chain' }>, args: ArgNode[] | null, final: Final): unknown {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const recv = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(recv, chain.field, args, final);
  }

  private evalVariable(v: Extract<ArgNode, { kind: 'variable' }>, args: ArgNode[] | null, final: Final): unknown {
    this.at(v);
    const found = [...this.vars].reverse().find((x) => x.name === v.ident[0]);
    if (!found) this.errorf(`undefined variable: ${v.ident[0]}`);
    if (v.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      return found.value;
    }
    return this.evalFieldChain(found.value, v.ident.slice(1), args, final);
  }

  private evalFieldChain(recv: unknown, ident: string[], args: ArgNode[] | null, final: Final): unknown {
    for (let i = 0; i < ident.length - 1; i++) recv = this.evalField(ident[i], null, MISSING, recv);
    return this.evalField(ident[ident.length - 1], args, final, recv);
  }

  /** Go evalField: struct field or map key (methods are not modelled). */
  private evalField(name: string, args: ArgNode[] | null, final: Final, recv: unknown): unknown {
    if (recv === undefined) {
      // Go treats an invalid receiver as a missing map key under missingkey=error; otherwise it yields the zero Value.
      if (this.ctx.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (recv === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    if (recv instanceof Map) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      if (!recv.has(name) && this.ctx.missingKey === 'error') this.errorf(`map has no entry for key ${goQuote(name)}`);
      return recv.get(name); // missing key: invalid value, printed "<no value>"
    }
    const key = isStruct(recv) ? structKey(recv, name) : null;
    if (key !== null) {
      if (hasArgs && recv === this.ctx.row && this.ctx.rowMethods) {
        const got = (args ? args.length - 1 : 0) + (final !== MISSING ? 1 : 0);
        this.errorf(`wrong number of args for ${name}: want 0 got ${got}`);
      }
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return (recv as Record<string, unknown>)[key];
    }
    this.errorf(`can't evaluate field ${name} in type ${goType(recv, this.names)}`);
  }

  private evalFunction(dot: unknown, node: Extract<ArgNode, { kind: 'identifier' }>, cmd: AnyNode, args: ArgNode[] | null, final: Final): unknown {
    this.at(node);
    const f = Object.hasOwn(this.funcs, node.name) ? this.funcs[node.name] : BUILTINS[node.name];
    if (!f) this.errorf(`${goQuote(node.name)} is not a defined function`);
    return this.evalCall(dot, f, cmd, node.name, args, final);
  }

  private evalCall(dot: unknown, f: GoFunc, node: AnyNode, name: string, allArgs: ArgNode[] | null, final: Final): unknown {
    const args = allArgs ? allArgs.slice(1) : [];
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const numFixed = f.params.length;
    if (f.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${args.length}`);
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`);
    }
    const typeAt = (i: number): ParamType => (i < numFixed ? f.params[i] : (f.variadic as ParamType));
    // Builtin and/or short-circuit: return the first falsy (and) / truthy (or) argument.
    if (BUILTINS[name] === f && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of args) {
        v = this.evalArg(dot, 'any', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      return final !== MISSING ? this.validateType(final, 'any') : v;
    }
    const argv = args.map((a, i) => this.evalArg(dot, typeAt(i), a));
    if (final !== MISSING) argv.push(this.validateType(final, typeAt(numIn - 1)));
    try {
      return f.call(argv, this.ctx);
    } catch (e) {
      if (!(e instanceof FuncError)) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${e.message}`);
    }
  }

  private validateType(value: unknown, typ: ParamType | null): unknown {
    if (value === undefined) {
      if (typ === null || typ === 'any' || typ === '[]string') return null; // untyped nil / nil interface / nil slice
      this.errorf(`invalid value; expected ${typ}`);
    }
    const ok =
      typ === null ||
      typ === 'any' ||
      (typ === 'string' && typeof value === 'string') ||
      (typ === 'int' && typeof value === 'number' && Number.isInteger(value)) ||
      (typ === '[]string' && (value === null || (Array.isArray(value) && value.every((e) => typeof e === 'string'))));
    if (!ok) this.errorf(`wrong type for value; expected ${typ}; got ${goType(value, this.names)}`);
    return value;
  }

  private evalArg(dot: unknown, typ: ParamType | null, n: ArgNode): unknown {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'any' || typ === '[]string') return null;
        this.errorf(`cannot assign nil to ${typ}`);
      case 'field':
        return this.validateType(this.evalFieldChain(dot, n.ident, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariable(n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChain(dot, n, null, MISSING), typ);
    }
    // Literals: checked against the parameter's type (Go evalString/evalInteger).
    if (typ === 'string') {
      if (n.kind === 'string') return n.text;
      this.errorf(`expected string; found ${nodeString(n)}`);
    }
    if (typ === 'int') {
      if (n.kind === 'number' && n.isInt) return n.value;
      this.errorf(`expected integer; found ${nodeString(n)}`);
    }
    if (typ === '[]string') this.errorf(`can't handle ${nodeString(n)} for arg of type []string`);
    return n.kind === 'string' ? n.text : n.value;
  }
}
