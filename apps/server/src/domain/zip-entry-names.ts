// What a ZIP stream holds, read as it passes: the names of its entries, enough to tell an Office
// document from any other archive without unpacking it or keeping it in memory.

const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const CENTRAL_HEADER = [0x50, 0x4b, 0x01, 0x02];
// Where a header keeps its name's length and its name.
const LOCAL_NAME_LENGTH_AT = 26;
const LOCAL_NAME_AT = 30;
const CENTRAL_NAME_LENGTH_AT = 28;
const CENTRAL_NAME_AT = 46;
/** Longer names are not ones we look for; skipping them keeps the carried tail small. */
const MAX_NAME_BYTES = 255;
const MAX_HEADER_BYTES = CENTRAL_NAME_AT + MAX_NAME_BYTES;

export interface ZipContents {
  /** `[Content_Types].xml`: an Office Open XML package. */
  contentTypes: boolean;
  /** A part under `word/`, `xl/` or `ppt/`. */
  word: boolean;
  excel: boolean;
  powerPoint: boolean;
  /** A `vbaProject.bin` part: macros. */
  macros: boolean;
}

/**
 * Finds local and central directory headers anywhere in the stream and reads their names, so that
 * entries written with data descriptors (sizes unknown up front) are seen too. Bytes of compressed
 * data that happen to look like a header could only add a name; the checks ask for exact names.
 */
export class ZipEntryNames {
  readonly contents: ZipContents = { contentTypes: false, word: false, excel: false, powerPoint: false, macros: false };
  #carry = new Uint8Array(0);

  update(chunk: Uint8Array): void {
    const buf = this.#carry.length === 0 ? chunk : concat(this.#carry, chunk);
    let keepFrom = Math.max(0, buf.length - 3);
    for (let i = 0; i + 4 <= buf.length; i++) {
      if (buf[i] !== 0x50 || buf[i + 1] !== 0x4b) continue;
      const local = matches(buf, i, LOCAL_HEADER);
      if (!local && !matches(buf, i, CENTRAL_HEADER)) continue;
      const lengthAt = i + (local ? LOCAL_NAME_LENGTH_AT : CENTRAL_NAME_LENGTH_AT);
      const nameAt = i + (local ? LOCAL_NAME_AT : CENTRAL_NAME_AT);
      if (lengthAt + 2 > buf.length) {
        keepFrom = i;
        break;
      }
      const length = buf[lengthAt]! | (buf[lengthAt + 1]! << 8);
      if (length === 0 || length > MAX_NAME_BYTES) continue;
      if (nameAt + length > buf.length) {
        keepFrom = i;
        break;
      }
      this.#see(String.fromCharCode(...buf.subarray(nameAt, nameAt + length)));
    }
    // A header cut by the chunk's end is read again with the next chunk.
    this.#carry = buf.slice(Math.max(keepFrom, buf.length - MAX_HEADER_BYTES));
  }

  #see(name: string): void {
    const c = this.contents;
    if (name === '[Content_Types].xml') c.contentTypes = true;
    else if (name.startsWith('word/')) c.word = true;
    else if (name.startsWith('xl/')) c.excel = true;
    else if (name.startsWith('ppt/')) c.powerPoint = true;
    if (name.toLowerCase().endsWith('vbaproject.bin')) c.macros = true;
  }
}

function matches(buf: Uint8Array, at: number, bytes: readonly number[]): boolean {
  return bytes.every((b, k) => buf[at + k] === b);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
