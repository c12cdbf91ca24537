import { ENGINE_VERSION } from '../simulation.js';

/** What `docker version` reports about the build (docker 27.3.1's published values). */
export const CLI_BUILD = {
  version: ENGINE_VERSION,
  apiVersion: '1.47',
  minApiVersion: '1.24',
  goVersion: 'go1.22.7',
  gitCommit: 'ce12230',
  engineGitCommit: '41ca978',
  buildTime: 'Fri Sep 20 11:41:00 2024',
  platform: 'Docker Engine - Community',
} as const;
