// The CLI's input: the tool list from a JSON file, or from the JavaScript module the page and the
// server already import it from, so that one definition serves all three. A module is imported
// (its code runs, as with any import) and gives its named `tools` export (with `validation`, if it
// exports one) or else its default export.
import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODULES = new Set(['.js', '.mjs', '.cjs']);
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** A file the CLI cannot read as a tool list: its message is for the user as it is (exit 2). */
export class ToolListFileError extends Error {}

/**
 * @param {string} path
 * @returns {Promise<unknown>} a tools array or `{ tools, validation }`, as the file gives it
 */
export async function readToolListFile(path) {
  const ext = extname(path).toLowerCase();
  if (MODULES.has(ext)) return fromModule(path);
  if (TYPESCRIPT.has(ext)) {
    // Node strips types itself from 22.18 and 23.6 on; 20 (which this package supports) cannot.
    if (!process.features?.typescript) {
      throw new ToolListFileError(`cannot read ${path}: Node ${process.version} cannot import TypeScript (Node 22.18 or later can); export the tools from a .mjs file, or run the CLI with a newer Node`);
    }
    return fromModule(path);
  }
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ToolListFileError(`cannot read ${path}: ${error.code ?? error.message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ToolListFileError(`cannot read ${path}: not JSON (${error.message}); a JavaScript module must end in .js, .mjs or .cjs`);
  }
}

async function fromModule(path) {
  try {
    await access(path); // a missing file said plainly, apart from what the module itself fails to import
  } catch (error) {
    throw new ToolListFileError(`cannot read ${path}: ${error.code ?? error.message}`);
  }
  let exported;
  try {
    exported = await import(pathToFileURL(resolve(path)).href);
  } catch (error) {
    throw new ToolListFileError(`cannot import ${path}: ${error?.message}`);
  }
  if (exported.tools !== undefined) {
    return exported.validation === undefined ? exported.tools : { tools: exported.tools, validation: exported.validation };
  }
  if (exported.default !== undefined) return exported.default;
  throw new ToolListFileError(`${path} exports no tools: export them as \`tools\` (export const tools = [...]) or as the default export`);
}
