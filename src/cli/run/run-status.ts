/**
 * What a command reports back to main besides errors: the exit code of a run that worked
 * but found something (a failed budget is 1). main returns it; only bin/ sets the process's.
 */
export interface RunStatus {
  exitCode: number;
}
