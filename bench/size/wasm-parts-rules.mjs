// Which part of the code a function of a --profiling-funcs build belongs to,
// from its demangled name: third-party code by name, the project's by
// namespace and else by the source file that defines it (src/ and bindings/
// are searched), since much of it sits in anonymous namespaces.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const PARTS = {
  json: 'nlohmann/json', libcxx: 'libc++ and libc++abi (std::, __cxxabiv1)', libc: 'libc (printf, strtod, soft-float, string)',
  malloc: 'malloc (dlmalloc)', embind: 'bindings (embind glue, wire declaration, heap exports)', init: 'static initialisers', regex: 'regex (src/schema/regex)',
  evaluator: 'schema evaluator (evaluate, locations, output, keywords, access)', compiler: 'schema compiler and codec (src/schema)',
  formats: 'formats (src/schema/formats)', ownJson: 'JSON parser/writer (src/json)', url: 'URL (src/url)',
  binary: 'binary reader (src/binary)', router: 'router (src/router, CoreRouter binding)', keys: 'keys (src/keys, key binding)',
  other: 'other',
};

const MALLOC = /^(dl\w+|dispose_chunk|sbrk|malloc|free|realloc|calloc|emscripten_builtin_\w+|internal_memalign|try_realloc_chunk|init_mparams|tmalloc_\w+|prepend_alloc|add_segment|sys_alloc|sys_trim|release_unused_segments|change_mparam|emscripten_resize_heap)$/;

// Source files (by path prefix) -> part; the first prefix that matches wins.
const FILES = [
  ['src/schema/regex/', 'regex'], ['src/schema/formats/', 'formats'], ['src/json/', 'ownJson'], ['src/url/', 'url'],
  ['src/keys/', 'keys'], ['src/router/', 'router'], ['src/binary/', 'binary'], ['src/schema/evaluate/', 'evaluator'],
  ...['evaluate', 'location', 'output', 'keywords', 'instance', 'access', 'internal', 'validator'].map((file) => [`src/schema/${file}.`, 'evaluator']),
  ['src/schema/', 'compiler'], ['bindings/browser/router_bindings', 'router'], ['bindings/browser/key_options', 'keys'], ['bindings/keys/', 'keys'],
  ['bindings/compiler/tool_set_bindings', 'router'], ['bindings/compiler/schema_bindings', 'compiler'], ['bindings/', 'embind'],
];
// A namespace in the name settles the part; a file in such a folder defines nothing outside it.
// (A forward declaration, `class IDocument;`, or a comment line defines nothing.)
const NAMESPACES = [['rc::schema::regex::', 'regex', 'src/schema/regex/'], ['rc::url::', 'url', 'src/url/'],
  ['rc::keys::', 'keys', 'src/keys/'], ['rc::binary::', 'binary', 'src/binary/'],
  ['rc::wire::', 'embind', 'bindings/browser/wire']];

/** The function's qualified name without template arguments, parameters or return type. */
export function headOf(name) {
  let plain = '';
  let depth = 0;
  for (const ch of name.replaceAll('(anonymous namespace)', '{anon}')) {
    if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0) plain += ch;
  }
  plain = plain.split('(')[0].trim();
  // A return type goes before the name (templates); an operator's name has a space of its own.
  return plain.includes('operator') ? plain.replace(/^.*?\s(?=[\w:{}]*operator)/, '') : plain.split(' ').at(-1);
}

/** @param {string} root the repository, whose src/ and bindings/ are searched for definitions */
export function createClassifier(root) {
  const sources = ['src', 'bindings'].flatMap((dir) => listSources(join(root, dir)))
    .map((file) => ({ path: relative(root, file), text: readFileSync(file, 'utf8') }));
  const files = new Map();
  const partOfFile = (path) => FILES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'other';

  // The files that define `identifier`: a class, or a function whose signature starts a line
  // (and ends it, or opens its body there).
  const definedIn = (identifier) => {
    if (!files.has(identifier)) {
      const definition = new RegExp(`(class|struct)\\s+${identifier}\\b(?!\\s*;)|^(?!\\/\\/)\\S[^;\\n]*\\b${identifier}\\s*\\([^;\\n]*(\\{|$)`, 'm');
      files.set(identifier, sources.filter(({ text }) => definition.test(text)).map(({ path }) => path));
    }
    return files.get(identifier);
  };

  // The part of project code, by the file that defines it: src/ is in namespace rc, bindings/ is not,
  // and a folder with its own namespace (NAMESPACES) would have shown it in the name.
  const partBySource = (head, identifiers) => {
    const inRc = head.startsWith('rc::');
    for (const identifier of identifiers) {
      const candidates = definedIn(identifier)
        .filter((path) => path.startsWith('src/') === inRc)
        .filter((path) => !NAMESPACES.some(([, , folder]) => path.startsWith(folder)));
      const parts = new Set(candidates.map(partOfFile));
      if (parts.size === 1) return [...parts][0];
    }
    return 'other';
  };

  return function classify(name) {
    const head = headOf(name);
    // An embind constructor wrapper holds the class's constructor, inlined: it belongs with the class.
    const constructed = /emscripten::internal::operator_new<\(anonymous namespace\)::(\w+)/.exec(name);
    if (constructed) return partBySource('', [constructed[1]]);
    if (head.startsWith('nlohmann::')) return 'json';
    if (head.startsWith('emscripten::') || /embind|EmscriptenBindingInitializer/.test(head)) return 'embind';
    if (/^(std::|__cxxabiv1::|__cxa_|__cxx_|operator (new|delete)|abort_message|__dynamic_cast|__gxx_)/.test(head)) return 'libcxx';
    if (head === '__wasm_call_ctors' || head.startsWith('_GLOBAL__sub_I')) return 'init';
    if (MALLOC.test(head)) return 'malloc';
    // The C exports of bindings/ hold the set-up code LTO inlined into them.
    const exported = /^rc_(router|keys?|wire|heap|memory)_/.exec(head);
    if (exported) return { router: 'router', keys: 'keys', key: 'keys' }[exported[1]] ?? 'embind';
    if (/^[A-Za-z_][\w.]*$/.test(head) && !head.includes('::')) return 'libc'; // C: no namespace
    const namespaced = NAMESPACES.find(([prefix]) => head.startsWith(prefix));
    if (namespaced) return namespaced[1];
    // The enclosing class first, then the function itself.
    const scopes = head.split('::').filter((scope) => scope !== 'rc' && scope !== '{anon}' && /^\w+$/.test(scope));
    return partBySource(head, scopes.slice(-2));
  };
}

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return /\.(cpp|hpp)$/.test(entry.name) ? [path] : [];
  });
}
