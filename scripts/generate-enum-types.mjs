// Writes web/index.d.ts's string unions from the enum tables the core is built
// from (the .def files of src/text/enum_table.hpp), so that a union can only say
// what the core says. Reads source, not a build.
//
// In index.d.ts a generated union's members sit between two marker lines:
//     // generated from src/keys/key_errors.def without none: do not edit
//     /** The key endpoint failed (...). */
//     | 'key_fetch_failed'
//     ...
//     // end of generated
// Each row becomes its message as a doc comment and `| 'name'`, at the marker's
// indentation, in the table's order; `without` leaves rows out. The last member
// ends the type with `;` unless the code after the end marker (past comments)
// adds a member of JavaScript's own (`| 'keys_unavailable'`).
//
//   node scripts/generate-enum-types.mjs          rewrites web/index.d.ts
//   node scripts/generate-enum-types.mjs --check  exits 1 if it is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DTS = 'web/index.d.ts';

/** Every enum that crosses the wire, by the name its module declares it under, and its table. */
export const TABLES = {
  ErrorCode: 'src/router/error_codes.def',
  HttpMethod: 'src/router/http_methods.def',
  CallRefusal: 'src/router/call_refusals.def',
  ReportKind: 'bindings/browser/report_kinds.def',
  ReportBody: 'bindings/browser/report_bodies.def',
  KeyError: 'src/keys/key_errors.def',
  CommandKind: 'src/keys/command_kinds.def',
  EventKind: 'src/keys/event_kinds.def',
  KeyState: 'src/keys/key_states.def',
  KeyMode: 'src/keys/key_modes.def',
};

const STRING = String.raw`"(?:[^"\\\n]|\\.)*"`;
const STRINGS = String.raw`(?:${STRING}\s*)+`;
const ROW = new RegExp(String.raw`RC_ENUM_ROW\(\s*(\w+)\s*,\s*(${STRINGS}),\s*(${STRINGS})\)`, 'g');

/** A C string literal run ("a" "b") as its text; the tables use no escapes but \" and \\. */
function literal(run) {
  return [...run.matchAll(new RegExp(STRING, 'g'))]
    .map(([quoted]) => quoted.slice(1, -1).replace(/\\(["\\])/g, '$1'))
    .join('');
}

/** A table's rows, [{ identifier, name, message }] in its order. Anything else in the file but comments is an error. */
export function parseTable(source, path = 'a table') {
  const code = source.split('\n').filter((line) => !/^\s*(\/\/|#undef RC_ENUM_ROW\s*$)/.test(line)).join('\n');
  const rows = [...code.matchAll(ROW)].map(([, identifier, name, message]) => ({ identifier, name: literal(name), message: literal(message) }));
  const rest = code.replace(ROW, '').trim();
  if (rest) throw new Error(`${path}: not a row: ${rest.split('\n')[0]}`);
  if (rows.length === 0) throw new Error(`${path} has no rows`);
  return rows;
}

export const readTable = (path) => parseTable(readFileSync(`${root}${path}`, 'utf8'), path);

const BEGIN = /^(\s*)\/\/ generated from (\S+\.def)(?: without ([\w, ]+))?: do not edit$/;
const END = /^\s*\/\/ end of generated$/;

/** A doc comment for one member, on one line or, past 120 columns, wrapped. */
function doc(indent, message) {
  const one = `${indent}/** ${message} */`;
  if (one.length <= 120) return [one];
  const lines = [];
  let line = '';
  for (const word of message.split(' ')) {
    if (line && indent.length + 3 + line.length + 1 + word.length > 120) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return [`${indent}/**`, ...lines.map((text) => `${indent} * ${text}`), `${indent} */`];
}

/** The generated unions of a .d.ts text: [{ source, without }] in the file's order. */
export function generatedBlocks(text) {
  return text.split('\n').flatMap((line) => {
    const begin = line.match(BEGIN);
    return begin ? [{ source: begin[2], without: begin[3] ? begin[3].split(/,\s*/) : [] }] : [];
  });
}

/** `text` with every generated union rewritten from its table (`read` reads a table by path). */
export function generate(text, read = readTable) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const begin = lines[i].match(BEGIN);
    if (!begin) continue;
    const [, indent, source, without] = begin;
    let end = i + 1;
    while (end < lines.length && !END.test(lines[end])) {
      if (BEGIN.test(lines[end])) throw new Error(`${DTS}:${i + 1}: a generated union has no end marker`);
      end++;
    }
    if (end === lines.length) throw new Error(`${DTS}:${i + 1}: a generated union has no end marker`);
    const skipped = without ? without.split(/,\s*/) : [];
    const rows = read(source).filter((row) => !skipped.includes(row.name));
    let next = end + 1;
    while (next < lines.length && /^\s*(\/|\*)/.test(lines[next])) next++; // comments, a member's doc
    const more = (lines[next] ?? '').trim().startsWith('|');
    rows.forEach(({ name, message }, n) => {
      if (message) out.push(...doc(indent, message));
      out.push(`${indent}| '${name}'${n === rows.length - 1 && !more ? ';' : ''}`);
    });
    i = end - 1;
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const path = `${root}${DTS}`;
  const text = readFileSync(path, 'utf8');
  const fresh = generate(text);
  if (fresh === text) {
    console.log(`${DTS} is up to date with the enum tables`);
  } else if (check) {
    console.error(`${DTS} is out of date with the enum tables: run node scripts/generate-enum-types.mjs`);
    process.exit(1);
  } else {
    writeFileSync(path, fresh);
    console.log(`${DTS}: unions rewritten from the enum tables`);
  }
}
