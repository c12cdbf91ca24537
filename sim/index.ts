/**
 * swarmsim: a deterministic simulator of Docker Swarm's plugin-aware
 * scheduler, as a library.
 *
 * The public surface, on purpose small and stable: the Simulation (the
 * daemon's API), the docker front end (`runDocker`), the scenario language
 * (parse, run, check, lint, update), the placement explanation, snapshots
 * and the trace, and the model types. Everything else under sim/ is internal
 * and may change in any release. Property-testing helpers are a separate
 * entry point, `swarmsim/testing` (it needs the fast-check peer dependency).
 */

// The simulation: machines, engines, one swarm, SwarmKit's scheduler and orchestrators.
export { Simulation, DEFAULT_MACHINE, ENGINE_VERSION, TIMINGS } from './simulation.js';
export type { NetworkCreate, NodeUpdate, SettleResult, SimulationOptions, SwarmInitOptions } from './simulation.js';
export { serviceSpec, DEFAULT_PLACEMENT, DEFAULT_RESTART, DEFAULT_UPDATE } from './model/defaults.js';
export type { ServiceSpecInput } from './model/defaults.js';
export { TASK_STATES } from './model/taskState.js';
export type { TaskState } from './model/taskState.js';
export type * from './model/types.js';
export { DockerError } from './errors.js';

// `docker ARGS` typed on one machine, printing what the real CLI prints.
export { runDocker } from './docker/run.js';
export type { CommandResult } from './docker/command.js';

// What the world looks like, what happened, and why a task is (not) placed.
export { snapshot, taskName } from './snapshot.js';
export type { MachineView, NodeView, PluginView, ServiceView, SimSnapshot, SwarmObjectView, TaskView } from './snapshot.js';
export type { TraceEvent, TraceKind } from './cluster/trace.js';
export { explainTask } from './explain.js';
export type { DecisionView, FilterVerdict, NodeVerdict, PlacementExplanation, RankedNode } from './explain.js';
export { explainNode } from './explain/node.js';
export type { HistoryStep, NodeExplanation, ServiceOnNode } from './explain/node.js';
export { compareRuns, comparePlacements, placementsOf } from './explain/seeds.js';
export type { PlacementDifference, SeedComparison } from './explain/seeds.js';
export type { GroupRecord, PlacementDecision } from './scheduler/decision.js';
export type { FilterName, Fix } from './scheduler/filters/index.js';

// The scenario language (`*.swarm`).
export { parseScenario } from './scenario/parse.js';
export { ScenarioError } from './scenario/errors.js';
export { runScenario, runStep, ScenarioSession } from './scenario/run.js';
export type { RunOptions, ScenarioRun, StepRun } from './scenario/run.js';
export { checkExpected } from './scenario/expect.js';
export type { CheckResult } from './scenario/expect.js';
export type {
  Directive,
  DirectiveName,
  DockerStep,
  Expected,
  ExpectedLine,
  FailDirective,
  KeyValue,
  MachineDirective,
  RegistryDirective,
  Scenario,
  ScenarioMeta,
  SimStep,
  SleepDirective,
  SourcePos,
  StartDirective,
  Step,
  StopDirective,
} from './scenario/ast.js';

// A live swarm's state (a bundle of docker inspect output) as a scenario: `swarmsim import`.
export { importBundle, parseBundle, validateBundle, BundleError, BUNDLE_LIMITS, collectBundle, READ_ONLY_COMMANDS } from './import/index.js';
export type { Bundle, DockerRunner, ImportOptions, ImportResult, PlacementComparison } from './import/index.js';
export { checkImport } from './import/simulate.js';
export type { ImportCheck } from './import/simulate.js';
