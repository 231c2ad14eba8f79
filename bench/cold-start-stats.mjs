// The figures bench/cold-start.mjs prints for a list of run times (ms).

const quantile = (sorted, q) => {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below] + (sorted[Math.min(below + 1, sorted.length - 1)] - sorted[below]) * (at - below);
};

/** @param {number[]} times */
export function describeTimes(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    best: sorted[0],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    maxOverMin: sorted[sorted.length - 1] / sorted[0],
  };
}

export const median = (times) => describeTimes(times).median;
