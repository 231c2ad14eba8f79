// Reading a file: URL in Node from code that also runs in pages: node:fs is looked up at run time
// (process.getBuiltinModule, Node >= 20.16), so a page's bundle imports no builtin.

/**
 * The bytes of a file: URL. With maxBytes, at most maxBytes + 1 bytes are read, whatever the file
 * is (/dev/zero, a FIFO, a growing log), and `tooLarge` says the file had more. fs errors are
 * thrown as they are; each caller names the file its own way.
 * @param {URL} url
 * @param {{ maxBytes?: number, noFileSystem: () => Error }} options noFileSystem: the error thrown where node:fs is missing
 * @returns {Promise<{ bytes: Uint8Array, tooLarge: boolean }>}
 */
export async function readLocalFile(url, { maxBytes, noFileSystem }) {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) throw noFileSystem();
  if (maxBytes === undefined) return { bytes: await fs.promises.readFile(url), tooLarge: false };
  const file = await fs.promises.open(url, 'r');
  try {
    const buffer = new Uint8Array(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { bytes: buffer.subarray(0, maxBytes), tooLarge: true };
    }
    return { bytes: buffer.slice(0, length), tooLarge: false };
  } finally {
    await file.close().catch(() => {});
  }
}
