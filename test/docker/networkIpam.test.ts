/**
 * Swarm networks' addressing as the leader's allocator gives it (swarmkit
 * cnmallocator with libnetwork's default IPAM, moby v28.2.2): subnets first
 * fit from the default address pools, gateways the first address, VXLAN IDs
 * serially from 4096; shown by network inspect as BasicNetworkFromGRPC does.
 */
import { describe, expect, it } from 'vitest';
import { runDocker } from '../../sim/docker/run.js';
import { formatIPv6, parseIP } from '../../sim/model/ip.js';
import { Simulation } from '../../sim/simulation.js';
import { shellSplit } from './typed.js';

function sim(init = 'swarm init'): Simulation {
  const s = new Simulation({ seed: 1 });
  run(s, init);
  return s;
}
function run(s: Simulation, line: string): string {
  const r = runDocker(s, 'node1', shellSplit(line), null);
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return r.stdout;
}
const ipam = (s: Simulation, net: string): string => run(s, `network inspect -f '{{json .IPAM.Config}} {{index .Options "com.docker.network.driver.overlay.vxlanid_list"}}' ${net}`).trim();

describe('swarm network addressing', () => {
  it('ingress takes the first block; each overlay the lowest free one, around subnets given; VXLAN IDs go on counting', () => {
    const s = sim();
    expect(ipam(s, 'ingress')).toBe('[{"Subnet":"10.0.0.0/24","Gateway":"10.0.0.1"}] 4096');
    run(s, 'network create -d overlay --subnet 10.0.1.0/24 given');
    run(s, 'network create -d overlay a');
    run(s, 'network create -d overlay b');
    expect(ipam(s, 'given')).toBe('[{"Subnet":"10.0.1.0/24","Gateway":"10.0.1.1"}] 4097');
    expect(ipam(s, 'a')).toBe('[{"Subnet":"10.0.2.0/24","Gateway":"10.0.2.1"}] 4098');
    expect(ipam(s, 'b')).toBe('[{"Subnet":"10.0.3.0/24","Gateway":"10.0.3.1"}] 4099');
    // A removed network's block is the first free one again (first fit); its VXLAN ID is not (serial).
    run(s, 'network rm a');
    run(s, 'network create -d overlay c');
    expect(ipam(s, 'c')).toBe('[{"Subnet":"10.0.2.0/24","Gateway":"10.0.2.1"}] 4100');
  });

  it('swarm init --default-addr-pool and --default-addr-pool-mask-length decide the blocks', () => {
    const s = sim('swarm init --default-addr-pool 10.20.0.0/16 --default-addr-pool-mask-length 26');
    run(s, 'network create -d overlay a');
    expect(ipam(s, 'ingress')).toBe('[{"Subnet":"10.20.0.0/26","Gateway":"10.20.0.1"}] 4096');
    expect(ipam(s, 'a')).toBe('[{"Subnet":"10.20.0.64/26","Gateway":"10.20.0.65"}] 4097');
  });

  it('--ip-range, --gateway, --aux-address, --ipam-opt and --ipv6 are kept and shown', () => {
    const s = sim();
    run(s, 'network create -d overlay --subnet 10.5.0.0/24 --ip-range 10.5.0.0/25 --gateway 10.5.0.254 --aux-address r=10.5.0.9 --ipam-opt o=1 --ipv6 --subnet fd00::/64 n');
    expect(run(s, "network inspect -f '{{json .IPAM}} {{.EnableIPv6}}' n").trim()).toBe(
      '{"Driver":"default","Options":{"o":"1"},"Config":[{"Subnet":"10.5.0.0/24","IPRange":"10.5.0.0/25","Gateway":"10.5.0.254","AuxiliaryAddresses":{"r":"10.5.0.9"}},{"Subnet":"fd00::/64","Gateway":"fd00::1"}]} true',
    );
  });

  it("net/netip's IPv6 text", () => {
    const v6 = (s: string) => formatIPv6(parseIP(s)!.value);
    expect(v6('fd00:0:0:0:0:0:0:1')).toBe('fd00::1');
    expect(v6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(v6('1:2:3:4:5:6:7:8')).toBe('1:2:3:4:5:6:7:8');
    expect(v6('::')).toBe('::');
  });
});
