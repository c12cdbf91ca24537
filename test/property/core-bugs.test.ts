/**
 * Simulator bugs found by the property tests, each as the smallest scenario
 * that showed it, replayed with the invariants: regression tests now that the
 * core is fixed. A new bug found by a property goes here first, marked
 * `.fails` with an entry in sim/testing/knownBugs.ts, until it is fixed.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../sim/scenario/parse.js';
import { runScenario } from '../../sim/scenario/run.js';
import { DEFAULT_INVARIANTS, replayScenario, runningTasksMeetConstraints, type Invariant } from '../../sim/testing/index.js';

const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

/** The violations of `invariant` the scenario runs into (none once the bug is fixed). */
function violationsOf(invariant: string, text: string, invariants: readonly Invariant[] = DEFAULT_INVARIANTS): string {
  const r = replayScenario(text, { invariants });
  const msg = r.failure?.message ?? '';
  return msg.includes(invariant) ? msg : '';
}

describe('core bugs found by the properties', () => {
  // sim/scheduler/scheduler.ts processPreassigned checks every pending pre-assigned task against the
  // node as it was before the pass, without counting the tasks it just confirmed there; upstream
  // (manager/scheduler/scheduler.go taskFitNode) calls nodeInfo.addTask for each confirmed task, so the
  // second one sees 0.5 CPU left and stays pending with "insufficient resources on 1 node".
  it('pre-assigned tasks confirmed in one pass are counted on their node', () => {
    const text = [
      'sim$ machine node1 --cpus 2 --memory 2g',
      'sim$ machine node2 --cpus 2 --memory 2g',
      'node1$ docker swarm init',
      'node1$ docker service create --name s1 --mode global --constraint node.role==worker --reserve-cpu 1.5 busybox top',
      'node1$ docker service create --name s2 --mode global --constraint node.role==worker --reserve-cpu 1 busybox top',
      `node2$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`,
    ].join('\n');
    expect(violationsOf('assignedOnlyWhereItFits', text)).toBe('');
  });

  // sim/orchestrator/updater.ts startWhenStopped waits, with no time limit, for the slot's old task to
  // stop; a global task that never left PENDING (its node lacks the log plugin) never does, so the
  // replacement stays desired READY and the node has no task desired RUNNING. Upstream
  // (manager/orchestrator/restart/restart.go DelayStart) stops waiting after TaskTimeout, 1 minute
  // (defaultOldTaskTimeout), and starts the replacement anyway.
  it('a rolling update does not wait forever for an old task that never started', () => {
    const text = [
      'node1$ docker swarm init',
      'node1$ docker service create --name s1 --mode global --log-driver loki busybox top',
      'node1$ docker service update --env-add V=1 s1',
    ].join('\n');
    expect(violationsOf('servicesConverge', text)).toBe('');
  });

  // sim/orchestrator/updater.ts work() replaces a slot from the list it took when the update began.
  // Here slot 2 failed and the restart supervisor already replaced it (with the new spec) before the
  // stalled update reached it; the updater then starts a second task in the slot. Upstream
  // (manager/orchestrator/update/updater.go removeOldTasks) finds the old task already shut down,
  // fails the slot with "task ... was already shut down when reached by updater", and never starts
  // its replacement.
  it('a rolling update does not start a second task in a slot the restart supervisor refilled', () => {
    const text = [
      '---',
      'seed: 6',
      '---',
      'node1$ docker swarm init',
      `node2$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`,
      'node1$ docker service create --name s1 --replicas 4 --publish published=8080,target=80,mode=host busybox top',
      'node1$ docker service update --env-add V=1 s1',
      'sim$ fail s1.2',
    ].join('\n');
    expect(violationsOf('oneRunningTaskPerSlot', text)).toBe('');
  });

  // The constraint enforcer (manager/orchestrator/constraintenforcer/constraint_enforcer.go) is not
  // modelled: when an active node stops satisfying a service's constraints, upstream rejects its tasks
  // there ("assigned node no longer meets constraints") and they are rescheduled; here they run on.
  it('tasks on a node that no longer meets their constraints are rejected', () => {
    const text = [
      'node1$ docker swarm init',
      'node1$ docker node update --label-add zone=a node1',
      'node1$ docker service create --name s1 --replicas 1 --constraint node.labels.zone==a busybox top',
      'node1$ docker node update --label-rm zone node1',
    ].join('\n');
    expect(violationsOf('runningTasksMeetConstraints', text, [...DEFAULT_INVARIANTS, runningTasksMeetConstraints])).toBe('');
  });

  // sim/orchestrator/restart.ts restart() starts a replacement whenever a task dies, even one that died
  // during its own restart delay, so a task rejected at every attempt (here: the volume name is taken by
  // the local driver) is restarted every 1.25 s, as fast as the agent can reject it. Upstream
  // (manager/orchestrator/restart/restart.go Restart) finds the dying task's own delay still pending and
  // waits for it (waitRestart): one restart per restart delay, 5 s by default.
  it('a task that keeps failing is restarted at most once per restart delay', () => {
    const text = [
      'node1$ docker swarm init',
      'node1$ docker plugin install --grant-all-permissions vieux/sshfs',
      'node1$ docker volume create v1',
      'node1$ docker service create --detach --name s1 --replicas 1 --mount type=volume,source=v1,destination=/data,volume-driver=vieux/sshfs busybox top',
      'sim$ sleep 1m',
    ].join('\n');
    const run = runScenario(parseScenario(text, 'restart-pacing.swarm'));
    const restarts = run.trace.filter((e) => e.kind === 'task.created' && e.cause === 'restart').map((e) => e.time);
    expect(restarts.length).toBeGreaterThan(2);
    const gaps = restarts.slice(1).map((t, i) => t - restarts[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5000);
  });
});

