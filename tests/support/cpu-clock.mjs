// The evaluation budget bounds work, not wall time: on a loaded machine (CI's 2 cores shared with
// other jobs) a process that does 300 ms of work can wait 2 s or more for the CPU, which says
// nothing about the budget. This clock reads the CPU time this process spent (every thread, user
// and system: never less than the main thread's own), so a bound on them is a bound on the work.

/** Milliseconds of CPU this process has used so far. */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

