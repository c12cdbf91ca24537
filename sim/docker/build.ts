import { ENGINE_VERSION } from '../simulation.js';

/**
 * What `docker version` reports about the build: docker-ce 28.2.2's linux/amd64
 * packages (docker/cli v28.2.2 is e6534b4, moby v28.2.2 is 45873be; Go and API
 * versions from moby v28.2.2 Dockerfile GO_VERSION and api/common.go DefaultVersion).
 */
export const CLI_BUILD = {
  version: ENGINE_VERSION,
  apiVersion: '1.50',
  minApiVersion: '1.24',
  goVersion: 'go1.24.3',
  gitCommit: 'e6534b4',
  engineGitCommit: '45873be',
  buildTime: 'Fri May 30 12:07:27 2025',
  platform: 'Docker Engine - Community',
} as const;
