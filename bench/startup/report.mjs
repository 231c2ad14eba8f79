// What the cold-start benches print: the machine and its load, and one table of phases per path.
import os from 'node:os';

import { phases } from './span.mjs';
import { describeTimes } from './stats.mjs';

const cores = os.cpus().length;
const ms = (value) => value.toFixed(2).padStart(6);

/** The 1, 5 and 15 min load averages, as text and the 1 min figure. */
export function load() {
  const averages = os.loadavg();
  return { text: averages.map((value) => value.toFixed(2)).join(' '), now: averages[0] };
}

export function printMachine() {
  console.log(`${cores} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}; loadavg (1, 5, 15 min) ${load().text}`);
  console.log(`The figures are noisy when the load average is above the core count (${cores} here): other`);
  console.log('processes then take turns on the cores with the runs. Read them beside the load printed with them.');
}

/** One environment's load line, with a warning when it was loaded past its cores. */
export function printLoad(before, after) {
  const busy = Math.max(before.now, after.now) > cores ? `  (above ${cores} cores: noisy)` : '';
  console.log(`  loadavg before ${before.text}, after ${after.text}${busy}`);
}

/**
 * @param {string} label the path's name
 * @param {Record<string, number>[]} runs one timeColdStart result per run
 * @param {number} [budgetMs] the total's budget, if the path has one
 */
export function printPhases(label, runs, budgetMs) {
  const header = `${'median'.padStart(7)}  ${'p25 ..    p75'.padStart(15)}  ${'min ..    max'.padStart(15)}   (ms)`;
  console.log(label.length < 14 ? `  ${label.padEnd(14)}${header}` : `  ${label}\n  ${''.padEnd(14)}${header}`);
  const row = (name, times) => {
    const t = describeTimes(times);
    console.log(`    ${name.padEnd(12)}${ms(t.median).padStart(7)}  ${ms(t.p25)} .. ${ms(t.p75)}  ${ms(t.min)} .. ${ms(t.max)}`);
    return t;
  };
  for (const [key, name] of phases) row(name, runs.map((run) => run[key]));
  const total = row('total', runs.map((run) => run.totalMs));
  console.log("    (each row is its own median: the phases' medians need not add up to the total's)");
  const extra = runs.filter((run) => run.instances !== 1).length;
  if (extra) console.log(`    ${extra} of ${runs.length} runs made more than one WebAssembly instance in the span`);
  if (budgetMs !== undefined) {
    const verdict = total.median <= budgetMs ? 'met' : `not met, ${(total.median - budgetMs).toFixed(2)} ms over`;
    console.log(`    budget ≤ ${budgetMs} ms (issue 28): median ${total.median.toFixed(2)} ms, ${verdict}`);
  }
  return total;
}
