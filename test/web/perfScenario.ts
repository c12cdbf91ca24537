/**
 * A large cluster for the UI's performance probe: 200 machines, 2,000 tasks
 * of two services (one on a plugin network that only half the nodes have),
 * then a drain, a plugin removal and a scale-down to scrub across.
 */
const TOKEN = 'SWMTKN-1-49nj1cmql0jkz5s954yi3oex3nedyz0fb0xx14ie39trti4wxv-8vxv8rssmk743ojnwacrr2e7c';

export function largeScenario(machines = 200, webReplicas = 1_500, netReplicas = 500): string {
  const name = (i: number): string => `m${String(i).padStart(3, '0')}`;
  const lines = ['---', `title: ${machines} machines, ${webReplicas + netReplicas} tasks`, 'seed: 7', '---'];
  lines.push(`sim$ machine ${name(1)} --cpus 64 --memory 256GiB`);
  lines.push(`${name(1)}$ docker swarm init --advertise-addr 192.168.99.100`);
  for (let i = 2; i <= machines; i++) lines.push(`${name(i)}$ docker swarm join --token ${TOKEN} 192.168.99.100:2377`);
  for (let i = 1; i <= machines / 2; i++) lines.push(`${name(i)}$ docker plugin install --grant-all-permissions bboreham/weave2`);
  lines.push(`${name(1)}$ docker network create --driver=bboreham/weave2:latest globalnet`);
  lines.push('# Two services: one everywhere, one on the plugin network.');
  lines.push(`${name(1)}$ docker service create --name web --replicas ${webReplicas} busybox top`);
  lines.push(`${name(1)}$ docker service create --name net --network globalnet --replicas ${netReplicas} mrjana/simpleweb simpleweb`);
  lines.push('# Drain one node: its tasks move.');
  lines.push(`${name(1)}$ docker node update --availability drain ${name(50)}`);
  lines.push('# Remove the plugin from one node.');
  lines.push(`${name(10)}$ docker plugin rm -f bboreham/weave2`);
  lines.push(`${name(1)}$ docker service scale net=${Math.round(netReplicas * 0.8)}`);
  return lines.join('\n') + '\n';
}
