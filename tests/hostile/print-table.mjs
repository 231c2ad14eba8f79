// Prints the catalogue as the markdown table kept in docs/HOSTILE_INPUTS.md.
import { catalogue } from './catalogue.mjs';
import { serverCatalogue } from './server-catalogue.mjs';

export function catalogueTable() {
  const escape = (text) => text.replaceAll('|', '\\|');
  return [
    '| where it enters | input | outcome (tested on the WASM build) |',
    '| --- | --- | --- |',
    ...catalogue.map((e) => `| ${e.entry} | ${escape(e.input)} | ${escape(e.expected)} |`),
  ].join('\n');
}

/** The server side's table (tests/hostile/server-catalogue.mjs). */
export function serverTable() {
  const escape = (text) => text.replaceAll('|', '\\|');
  return [
    '| where it enters | input | outcome (tested on real servers) |',
    '| --- | --- | --- |',
    ...serverCatalogue.map((e) => `| ${e.entry} | ${escape(e.input)} | ${escape(e.expected)} |`),
  ].join('\n');
}

if (process.argv[1] === new URL(import.meta.url).pathname) console.log(process.argv[2] === 'server' ? serverTable() : catalogueTable());
