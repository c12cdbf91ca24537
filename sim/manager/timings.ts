/** Upstream timings that decide how late the manager learns of an engine change. */
export const TIMINGS = {
  /** agent/agent.go nodeUpdatePeriod: the agent re-describes its engine this often. */
  nodeUpdatePeriodMs: 20_000,
  /** dispatcher DefaultHeartBeatPeriod */
  heartbeatPeriodMs: 5_000,
  /** dispatcher: a node is down after this many missed periods */
  heartbeatGraceMultiplier: 3,
  /** scheduler.go commitDebounceGap */
  schedulerDebounceMs: 50,
  /** how long a restarted engine takes to re-register with the dispatcher */
  reconnectMs: 1_000,
  /** a bound on settle(): nothing runs forever */
  settleLimitMs: 60 * 60_000,
} as const;
