/**
 * swarmsim/testing: property-based tests of swarm placement with fast-check.
 * Arbitraries generate clusters and command sequences; invariants are plain
 * functions from a Simulation and its snapshot to violations; failures
 * shrink to a `.swarm` scenario. See README.md beside this file.
 */
export * from './arbitraries.js';
export * from './commands.js';
export * from './invariants.js';
export * from './knownBugs.js';
export * from './model.js';
export * from './observer.js';
export * from './oracle.js';
export * from './property.js';
export * from './real.js';
export * from './scenario.js';
export * from './determinism.js';
