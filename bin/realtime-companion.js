#!/usr/bin/env node
// realtime-companion's command line: `realtime-companion compile tools.mjs -o tools.rct`.
// The same compiler as createToolSetHandler (server/tool-set.js), for static sites and
// backends that are not Node. Exit codes: 0 written, 1 the tools are refused (lint errors, invalid
// tools, or past a limit of docs/tool-sets.md: nothing is written), 2 usage or I/O.
import { writeFile } from 'node:fs/promises';

import { compileToolSet } from '../server/tool-set.js';
import { readToolListFile, ToolListFileError } from './tool-list-file.js';

const usage = `usage: realtime-companion compile <tools.json | tools.mjs> -o <tools.rct>
  tools.json: a tools array, or { "tools": [...], "validation": {...} }
  tools.mjs (.js, .cjs): a module exporting \`tools\` (and \`validation\`), or either shape as its
    default export: the list the page and the server import. Tools with a \`handler\` run on the
    server and are left out of the set; an \`execute\` function is marked in it.
  Prints the set's SHA-256 (serve it as the ETag, or load it as tools.rct?v=<hash>).
  Refuses (exit 1) tools whose set a browser core would not load: see docs/tool-sets.md.`;

async function main(args) {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h') return console.log(usage), 0;
  if (command !== 'compile') return console.error(usage), 2;
  let input;
  let output;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '-o' || rest[i] === '--output') output = rest[++i];
    else if (input === undefined && !rest[i].startsWith('-')) input = rest[i];
    else return console.error(`realtime-companion: unexpected argument ${JSON.stringify(rest[i])}\n${usage}`), 2;
  }
  if (!input || !output) return console.error(usage), 2;
  let source;
  try {
    source = await readToolListFile(input);
  } catch (error) {
    if (error instanceof ToolListFileError) return console.error(`realtime-companion: ${error.message}`), 2;
    throw error;
  }
  let compiled;
  try {
    compiled = await compileToolSet(source);
  } catch (error) {
    return console.error(error.message), 1;
  }
  try {
    await writeFile(output, compiled.bytes);
  } catch (error) {
    return console.error(`realtime-companion: cannot write ${output}: ${error.code ?? error.message}`), 2;
  }
  const all = Array.isArray(source) ? source : source.tools;
  const onServer = all.filter((tool) => tool?.handler !== undefined).length;
  const tools = all.length - onServer;
  const note = onServer > 0 ? ` (${onServer} run on the server, not in the set)` : '';
  console.log(`${output}: ${compiled.bytes.length} bytes, ${tools} tool${tools === 1 ? '' : 's'}${note}, sha256 ${compiled.hash}`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
