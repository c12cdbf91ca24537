import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { serviceSpec } from '/work/main/sim/model/defaults.js';
import { Rng } from '/work/main/sim/rng.js';
import { Scheduler } from '/work/main/sim/scheduler/scheduler.js';
const n = +process.argv[2], t = +process.argv[3];
function mk() {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `node${i}`, machine: `node${i}`, role: 'worker', availability: 'active', labels: {}, status: 'ready', statusMessage: '', createdAt: 0, updatedAt: 0, lastHeartbeat: 0,
    description: { hostname: `node${i}`, platform: { os: 'linux', arch: 'x86_64' }, resources: { nanoCPUs: 4e9, memoryBytes: 8 * 2 ** 30 }, engine: { version: '27', labels: {}, plugins: i % 3 === 0 ? [{ type: 'Network', name: 'network' }] : [] }, addr: '' } }));
  const sched: any = new Scheduler({ now: () => 0, rng: new Rng(1), service: (id: string) => ({ id, specVersion: 1 }) as never,
    commit: (d: any) => { if (d.kind !== 'assign') return; d.task.nodeId = d.nodeId; d.task.status = { state: 'assigned', timestamp: 0, message: d.message, err: '' }; sched.taskChanged(d.task); } });
  for (const x of nodes) sched.nodeChanged(x as any);
  const spec = serviceSpec({ name: 'x' }).task;
  for (let i = 0; i < t; i++) sched.taskChanged({ id: `t${i}`, serviceId: `svc${i}`, slot: 1, nodeId: '', desiredState: 'running', status: { state: 'pending', timestamp: 0, message: '', err: '' }, specVersion: 1, spec, networks: [], hostPorts: [], createdAt: 0, containerId: '', jobIteration: 1, preassigned: false });
  return sched;
}
const session = new Session(); session.connect();
await session.post('Profiler.enable');
for (let r = 0; r < 3; r++) { const s = mk(); const t0 = performance.now(); s.pass(); console.log('warm', (performance.now() - t0).toFixed(1)); }
const scheds = [mk(), mk(), mk()];
await session.post('Profiler.start');
for (const s of scheds) { const t0 = performance.now(); s.pass(); console.log((performance.now() - t0).toFixed(1)); }
const { profile } = await session.post('Profiler.stop');
writeFileSync('/tmp/prof/pass.cpuprofile', JSON.stringify(profile));
