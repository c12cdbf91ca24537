import type { ServiceSpec } from '../model/types.js';

/**
 * What an image runs when a service gives no command: the ENTRYPOINT and
 * CMD of a few well-known images (from their Dockerfiles on Docker Hub).
 * Others run nothing the simulator knows of. The real-Swarm harness builds
 * its offline images from this same table, so both run the same commands.
 */
export interface ImageConfig {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
}

export const IMAGE_CONFIG: Readonly<Record<string, ImageConfig>> = {
  busybox: { entrypoint: [], cmd: ['sh'] },
  alpine: { entrypoint: [], cmd: ['/bin/sh'] },
  ubuntu: { entrypoint: [], cmd: ['/bin/bash'] },
  debian: { entrypoint: [], cmd: ['bash'] },
  nginx: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] },
  redis: { entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'] },
  postgres: { entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'] },
  httpd: { entrypoint: [], cmd: ['httpd-foreground'] },
  traefik: { entrypoint: ['/entrypoint.sh'], cmd: ['traefik'] },
};

const NONE: ImageConfig = { entrypoint: [], cmd: [] };

/** The config of a repository given without tag or digest (`nginx`, `mrjana/simpleweb`). */
export function imageConfig(repository: string): ImageConfig {
  return IMAGE_CONFIG[repository] ?? NONE;
}

/**
 * The digest the registry gives an image's manifest. The images are made up,
 * so is the digest: 64 hex digits that depend on the reference alone (no
 * draw from the seeded source: resolving an image changes no later ID).
 */
export function manifestDigest(ref: string): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; round < 8; round++) {
    // FNV-1a over the reference, carried from word to word, then murmur3's finalizer.
    h = Math.imul(h ^ (round + 1), 0x01000193) >>> 0;
    for (let i = 0; i < ref.length; i++) h = Math.imul(h ^ ref.charCodeAt(i), 0x01000193) >>> 0;
    let x = h;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x = (x ^ (x >>> 16)) >>> 0;
    out += x.toString(16).padStart(8, '0');
  }
  return out;
}

/**
 * What the CLI sends when it may query the registry (docker/cli v28.2.2
 * service create and update, stack deploy --resolve-image; the client's
 * imageWithDigestString): the tagged image pinned to its digest,
 * `nginx:latest@sha256:...`. An image given by digest is kept as it is.
 * `tagged` is already normalized (normalizeImage: a tag added if none).
 */
export function pinnedImage(tagged: string): string {
  return tagged.includes('@') ? tagged : `${tagged}@sha256:${manifestDigest(tagged)}`;
}

/** `spec` with its image pinned (pinnedImage): what the CLI sends after it asked the registry. */
export function withPinnedImage(spec: ServiceSpec): ServiceSpec {
  return { ...spec, task: { ...spec.task, image: pinnedImage(spec.task.image) } };
}
