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
