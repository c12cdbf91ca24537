import { describe, expect, it } from 'vitest';
import {
  executeTemplate,
  GO_TYPE,
  parseFormat,
  renderRows,
  TemplateError,
} from '../../sim/docker/format/template.js';
import { bytesSize, ellipsis } from '../../sim/docker/format/text.js';

const sp = (n: number): string => ' '.repeat(n);

// docker/cli cli/command/task/formatter.go
const TASK_TABLE = 'table {{.ID}}\t{{.Name}}\t{{.Image}}\t{{.Node}}\t{{.DesiredState}}\t{{.CurrentState}}\t{{.Error}}\t{{.Ports}}';
const TASK_HEADERS = {
  ID: 'ID',
  Name: 'NAME',
  Image: 'IMAGE',
  Node: 'NODE',
  DesiredState: 'DESIRED STATE',
  CurrentState: 'CURRENT STATE',
  Error: 'ERROR',
  Ports: 'PORTS',
};
const task = (over: Partial<Record<keyof typeof TASK_HEADERS, string>>): Record<string, string> => ({
  ID: 'kq3s8ezx1l7v',
  Name: 'web.1',
  Image: 'nginx:alpine',
  Node: 'worker-1',
  DesiredState: 'Running',
  CurrentState: 'Running 2 minutes ago',
  Error: '',
  Ports: '',
  ...over,
});
const TASKS = [
  task({}),
  task({
    ID: 'p0j9h8g7f6e5',
    Name: 'web.2',
    Node: '',
    CurrentState: 'Pending 2 minutes ago',
    Error: `"${ellipsis('no suitable node (missing plugin on 3 nodes)', 30)}"`,
  }),
];

/** Run and return the TemplateError message (fails the test if nothing is thrown). */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof TemplateError) return e.message;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('renderRows: table formats', () => {
  it('renders docker service ps with headers, alignment and the ellipsized error', () => {
    expect(renderRows(TASK_TABLE, TASKS, TASK_HEADERS).split('\n')).toEqual([
      'ID             NAME      IMAGE          NODE       DESIRED STATE   CURRENT STATE           ERROR' + sp(30) + 'PORTS',
      'kq3s8ezx1l7v   web.1     nginx:alpine   worker-1   Running         Running 2 minutes ago   ' + sp(35),
      'p0j9h8g7f6e5   web.2     nginx:alpine              Running         Pending 2 minutes ago   "no suitable node (missing plu…"   ',
      '',
    ]);
  });

  it('matches docker/cli task-context-write-table-custom.golden', () => {
    const rows = [task({ Name: 'foobar_baz', Node: 'foo1' }), task({ Name: 'foobar_bar', Node: 'foo2' })];
    expect(renderRows('table {{.Name}}\t{{.Node}}\t{{.Ports}}', rows, TASK_HEADERS)).toBe(
      'NAME         NODE      PORTS\nfoobar_baz   foo1      \nfoobar_bar   foo2      \n',
    );
  });

  it('matches docker/cli node-list-sort.golden (default node ls format with if/else)', () => {
    // docker/cli cli/command/node/formatter.go defaultNodeTableFormat and headers.
    const format =
      'table {{.ID}} {{if .Self}}*{{else}} {{ end }}\t{{.Hostname}}\t{{.Status}}\t{{.Availability}}\t{{.ManagerStatus}}\t{{.EngineVersion}}';
    const headers = {
      ID: 'ID',
      Self: '',
      Hostname: 'HOSTNAME',
      Status: 'STATUS',
      Availability: 'AVAILABILITY',
      ManagerStatus: 'MANAGER STATUS',
      EngineVersion: 'ENGINE VERSION',
      TLSStatus: 'TLS STATUS',
    };
    const node = (ID: string, Self: boolean, Hostname: string, ManagerStatus: string, EngineVersion: string) => ({
      ID, Self, Hostname, Status: 'Ready', Availability: 'Active', ManagerStatus, EngineVersion,
    });
    const rows = [
      node('nodeID3', false, 'node-1-foo', '', '1.13.0'),
      node('nodeID1', true, 'node-2-foo', 'Leader', '.'),
      node('nodeID2', false, 'node-10-foo', 'Reachable', '18.03.0-ce'),
    ];
    expect(renderRows(format, rows, headers)).toBe(
      'ID          HOSTNAME      STATUS    AVAILABILITY   MANAGER STATUS   ENGINE VERSION\n' +
        'nodeID3     node-1-foo    Ready     Active                          1.13.0\n' +
        'nodeID1 *   node-2-foo    Ready     Active         Leader           .\n' +
        'nodeID2     node-10-foo   Ready     Active         Reachable        18.03.0-ce\n',
    );
  });

  it('keeps header text through header functions (upper/lower/truncate) but not pad', () => {
    const out = renderRows('table {{upper .Name}}\t{{truncate .ID 4}}\t{{pad .Node 1 1}}|', TASKS.slice(0, 1), TASK_HEADERS);
    expect(out).toBe('NAME      ID' + sp(8) + ' NODE |\n' + 'WEB.1     kq3s' + sp(6) + ' worker-1 |\n');
  });

  it('prints the header for zero rows', () => {
    expect(renderRows('table {{.ID}}\t{{.Name}}', [], TASK_HEADERS)).toBe('ID        NAME\n');
  });

  it('swallows a header error like docker: "table {{json .}}" gives an empty header line', () => {
    expect(renderRows('table {{json .ID}} {{json .}}', TASKS.slice(0, 1), TASK_HEADERS)).toBe(
      'ID \n"kq3s8ezx1l7v" {"CurrentState":"Running 2 minutes ago","DesiredState":"Running","Error":"",' +
        '"ID":"kq3s8ezx1l7v","Image":"nginx:alpine","Name":"web.1","Node":"worker-1","Ports":""}\n',
    );
  });

  it('accepts "table" without a space and trims spaces around the template', () => {
    expect(renderRows('table{{.ID}} ', TASKS.slice(0, 1), TASK_HEADERS)).toBe('ID\nkq3s8ezx1l7v\n');
  });

  it('prints "<no value>" for a header that does not exist', () => {
    expect(renderRows('table {{.Missing}}', [], TASK_HEADERS)).toBe('<no value>\n');
  });
});

describe('renderRows: plain formats', () => {
  it('does not tabwrite, and turns literal \\t and \\n into tab and newline', () => {
    expect(renderRows('{{.Name}}\\t{{.Node}}\\n--', TASKS, TASK_HEADERS)).toBe(
      'web.1\tworker-1\n--\nweb.2\t\n--\n',
    );
  });

  it('prints one line per row for the quiet format', () => {
    expect(renderRows('{{.ID}}', TASKS, TASK_HEADERS)).toBe('kq3s8ezx1l7v\np0j9h8g7f6e5\n');
  });

  it('marshals {{json .}} like formatter.MarshalJSON: sorted keys, <>& escaped', () => {
    const row = task({ Ports: '*:8080->80/tcp', Error: '"a & b"' });
    const want =
      '{"CurrentState":"Running 2 minutes ago","DesiredState":"Running","Error":"\\"a \\u0026 b\\"","ID":"kq3s8ezx1l7v",' +
      '"Image":"nginx:alpine","Name":"web.1","Node":"worker-1","Ports":"*:8080-\\u003e80/tcp"}\n';
    expect(renderRows('{{json .}}', [row], TASK_HEADERS)).toBe(want);
    expect(renderRows('json', [row], TASK_HEADERS)).toBe(want);
  });

  it('keeps {{json .Field}} unescaped and can keep the row order', () => {
    const row = task({ Ports: '*:8080->80/tcp' });
    expect(renderRows('{{json .Ports}}', [row], TASK_HEADERS)).toBe('"*:8080->80/tcp"\n');
    expect(renderRows('{{json .}}', [{ Z: 1, A: true, M: new Map([['b', 'x'], ['a', 'y']]) }], {}, { rowJson: 'ordered' })).toBe(
      '{"Z":1,"A":true,"M":{"a":"y","b":"x"}}\n',
    );
  });

  it('supports pipelines, parentheses and docker functions', () => {
    const row = { Name: 'web.1', Image: 'nginx:1.27-alpine', Names: ['a', 'b', 'c'], Mode: 'replicated service', Uni: 'héllo' };
    expect(renderRows('{{.Name | upper}} {{lower "ABC"}} {{title .Mode}}', [row], {})).toBe('WEB.1 abc Replicated Service\n');
    expect(renderRows('{{join .Names ","}} {{join (split .Image ":") " / "}} {{split .Image ":"}}', [row], {})).toBe(
      'a,b,c nginx / 1.27-alpine [nginx 1.27-alpine]\n',
    );
    // truncate counts bytes like Go: "é" is two bytes.
    expect(renderRows('{{truncate .Name 3}}|{{truncate .Name 30}}|{{truncate .Uni 3}}', [row], {})).toBe('web|web.1|hé\n');
    expect(renderRows('{{pad .Name 2 1}}|{{pad "" 2 1}}|', [row], {})).toBe('  web.1 ||\n');
    expect(renderRows('{{println .Name 3}}', [row], {})).toBe('web.1 3\n\n');
  });

  it('supports Go builtins: len, index, not, and, or, eq, ne, lt', () => {
    const row = { Labels: new Map([['com.docker.stack.namespace', 'demo']]), Names: ['a', 'b'], Replicas: 3, Empty: '' };
    const f = '{{len .Names}} {{index .Labels "com.docker.stack.namespace"}} {{index .Names 1}} {{not .Empty}} ' +
      '{{or .Empty "dflt"}} {{and .Replicas .Empty}}| {{eq .Replicas 3}} {{ne .Replicas 3}} {{lt 2 .Replicas}}';
    expect(renderRows(f, [row], {})).toBe('2 demo b true dflt | true false true\n');
  });

  it('supports range/with/else, variables and maps (sorted keys, "<no value>" when missing)', () => {
    const row = { Labels: new Map([['zone', 'b'], ['rack', ''], ['az', '1']]), Spec: { Mode: 'global' }, Ports: [] as string[] };
    const f =
      '{{range $k, $v := .Labels}}{{$k}}{{if $v}}={{$v}}{{end}};{{end}} ' +
      '{{with .Spec}}{{.Mode}}{{end}} {{range .Ports}}x{{else}}none{{end}} {{.Labels.zone}} {{.Labels.nope}} ' +
      '{{$n := .Spec.Mode}}{{$n}} {{range $i, $e := .Labels}}{{$i}}{{end}} {{range 3}}{{.}}{{end}}';
    expect(renderRows(f, [row], {})).toBe('az=1;rack;zone=b; global none b <no value> global azrackzone 012\n');
  });

  it('honours trim markers and comments', () => {
    expect(renderRows('a  {{- .Name -}}  \n b{{/* gone */}}c {{- /* also */ -}} d', [task({})], {})).toBe('aweb.1bcd\n');
  });

  it('renders docker/cli node-inspect-pretty.manager.golden', () => {
    // docker/cli cli/command/node/formatter.go nodeInspectPrettyTemplate.
    const pretty =
      'ID:\t\t\t{{.ID}}\n{{- if .Name }}\nName:\t\t\t{{.Name}}\n{{- end }}\n{{- if .Labels }}\nLabels:\n' +
      '{{- range $k, $v := .Labels }}\n - {{ $k }}{{if $v }}={{ $v }}{{ end }}\n{{- end }}{{ end }}\n' +
      'Hostname:              \t{{.Hostname}}\nJoined at:             \t{{.CreatedAt}}\nStatus:\n' +
      ' State:\t\t\t{{.StatusState}}\n {{- if .HasStatusMessage}}\n Message:              \t{{.StatusMessage}}\n {{- end}}\n' +
      ' Availability:         \t{{.SpecAvailability}}\n {{- if .Status.Addr}}\n Address:\t\t{{.StatusAddr}}\n {{- end}}\n' +
      '{{- if .HasManagerStatus}}\nManager Status:\n Address:\t\t{{.ManagerStatusAddr}}\n' +
      ' Raft Status:\t\t{{.ManagerStatusReachability}}\n {{- if .IsManagerStatusLeader}}\n Leader:\t\tYes\n {{- else}}\n' +
      ' Leader:\t\tNo\n {{- end}}\n{{- end}}\nPlatform:\n Operating System:\t{{.PlatformOS}}\n' +
      ' Architecture:\t\t{{.PlatformArchitecture}}\nResources:\n CPUs:\t\t\t{{.ResourceNanoCPUs}}\n' +
      ' Memory:\t\t{{.ResourceMemory}}\n{{- if .HasEnginePlugins}}\nPlugins:\n{{- range $k, $v := .EnginePlugins }}\n' +
      ' {{ $k }}:{{if $v }}\t\t{{ $v }}{{ end }}\n{{- end }}\n{{- end }}\nEngine Version:\t\t{{.EngineVersion}}\n' +
      '{{- if .EngineLabels}}\nEngine Labels:\n{{- range $k, $v := .EngineLabels }}\n - {{ $k }}{{if $v }}={{ $v }}{{ end }}\n' +
      '{{- end }}{{- end }}\n{{- if .HasTLSInfo}}\nTLS Info:\n TrustRoot:\n{{.TLSInfoTrustRoot}}\n' +
      ' Issuer Subject:\t{{.TLSInfoCertIssuerSubject}}\n Issuer Public Key:\t{{.TLSInfoCertIssuerPublicKey}}\n{{- end}}';
    const row = {
      ID: 'nodeID',
      Name: 'defaultNodeName',
      Labels: new Map<string, string>(),
      Hostname: 'defaultNodeHostname',
      CreatedAt: '2009-11-10 23:00:00 +0000 utc',
      StatusState: 'Ready',
      HasStatusMessage: false,
      StatusMessage: '',
      SpecAvailability: 'Active',
      Status: { State: 'ready', Addr: '127.0.0.1' },
      StatusAddr: '127.0.0.1',
      HasManagerStatus: true,
      ManagerStatusAddr: '127.0.0.1',
      ManagerStatusReachability: 'Reachable',
      IsManagerStatusLeader: false,
      PlatformOS: 'linux',
      PlatformArchitecture: 'x86_64',
      ResourceNanoCPUs: 0,
      ResourceMemory: bytesSize(20 * 1024 * 1024),
      HasEnginePlugins: true,
      EnginePlugins: new Map([['Volume', 'local'], ['Network', 'bridge, overlay']]),
      EngineVersion: '1.13.0',
      EngineLabels: new Map([['engine', 'label']]),
      HasTLSInfo: false,
    };
    expect(renderRows(pretty, [row], {})).toBe(
      'ID:\t\t\tnodeID\nName:\t\t\tdefaultNodeName\nHostname:              \tdefaultNodeHostname\n' +
        'Joined at:             \t2009-11-10 23:00:00 +0000 utc\nStatus:\n State:\t\t\tReady\n' +
        ' Availability:         \tActive\n Address:\t\t127.0.0.1\nManager Status:\n Address:\t\t127.0.0.1\n' +
        ' Raft Status:\t\tReachable\n Leader:\t\tNo\nPlatform:\n Operating System:\tlinux\n Architecture:\t\tx86_64\n' +
        'Resources:\n CPUs:\t\t\t0\n Memory:\t\t20MiB\nPlugins:\n Network:\t\tbridge, overlay\n Volume:\t\tlocal\n' +
        'Engine Version:\t\t1.13.0\nEngine Labels:\n - engine=label\n',
    );
  });
});

describe('template errors (Go wording)', () => {
  it.each([
    ['{{.ID', 'template: :1: unclosed action'],
    ['{{.ID\n', 'template: :2: unclosed action'],
    ['{{InvalidFunction}}', 'template: :1: function "InvalidFunction" not defined'],
    ['{{call .ID}}', 'template: :1: function "call" not defined'],
    ['{{.ID}', "template: :1: bad character U+007D '}'"],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{if .ID}}x', 'template: :1: unexpected EOF'],
    ['{{ }}', 'template: :1: missing value for command'],
    ['{{.ID | "x"}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{(.ID}}', 'template: :1: unclosed left paren'],
    ['{{.ID)}}', 'template: :1: unexpected ")" in command'],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['a\n{{/* x }}', 'template: :2: unclosed comment'],
    ['{{template "x"}}', 'template: :1: {{template}} is not supported by swarmsim'],
  ])('parse %j', (format, msg) => {
    expect(errorOf(() => parseFormat(format))).toBe(msg);
  });

  it.each([
    ['{{.Nope}}', 'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *task.taskContext'],
    ['{{.ID}}\\t{{.Nope}}', 'template: :1:10: executing "" at <.Nope>: can\'t evaluate field Nope in type *task.taskContext'],
    ['x\n {{.Spec.Nope}}', 'template: :2:8: executing "" at <.Spec.Nope>: can\'t evaluate field Nope in type swarm.TaskSpec'],
    ['{{.ID.Nope}}', 'template: :1:5: executing "" at <.ID.Nope>: can\'t evaluate field Nope in type string'],
    ['{{nil}}', 'template: :1:2: executing "" at <nil>: nil is not a command'],
    ['{{truncate .ID}}', 'template: :1:2: executing "" at <truncate>: wrong number of args for truncate: want 2 got 1'],
    ['{{upper .Slot}}', 'template: :1:8: executing "" at <.Slot>: wrong type for value; expected string; got int'],
    ['{{.Slot | lower}}', 'template: :1:10: executing "" at <lower>: wrong type for value; expected string; got int'],
    ['{{truncate .ID "5"}}', 'template: :1:15: executing "" at <"5">: expected integer; found "5"'],
    // docker 28.2.2's join is strings.Join: the argument must be a []string.
    ['{{join .ID ","}}', 'template: :1:7: executing "" at <.ID>: wrong type for value; expected []string; got string'],
    ['{{.ID 5}}', 'template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1'],
  ])('execute %j', (format, msg) => {
    const row = { ID: 'abc', Slot: 1, Spec: { [GO_TYPE]: 'swarm.TaskSpec', Image: 'nginx' } };
    expect(errorOf(() => renderRows(format, [row], {}, { typeName: '*task.taskContext' }))).toBe(msg);
  });

  it('aborts the whole output when any row fails', () => {
    const f = (): string => renderRows('table {{.Extra}}', [{ Extra: 'ok' }, {}], { Extra: 'EXTRA' });
    expect(errorOf(f)).toBe('template: :1:2: executing "" at <.Extra>: can\'t evaluate field Extra in type struct');
  });

  it('prefixes the CLI text like formatter.Context', () => {
    const err = (() => {
      try {
        parseFormat('{{InvalidFunction}}');
      } catch (e) {
        return e as TemplateError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.dockerMessage).toBe('template parsing error: template: :1: function "InvalidFunction" not defined');
  });
});

describe('executeTemplate (inspect-style, no docker pre-processing)', () => {
  it('walks nested structs and keeps \\t literal', () => {
    const svc = { ID: 'svc1', Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'nginx:alpine' } } } };
    expect(executeTemplate('{{.Spec.Name}}\\t{{.Spec.TaskTemplate.ContainerSpec.Image}}', svc)).toBe('web\\tnginx:alpine');
    expect(executeTemplate('{{json .Spec}}', svc)).toBe('{"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"nginx:alpine"}}}');
    expect(errorOf(() => executeTemplate('{{.ID 1}}', svc))).toBe(
      'template: :1:2: executing "" at <.ID>: ID has arguments but cannot be invoked as function',
    );
  });
});
