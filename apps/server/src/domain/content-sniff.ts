// What a file is, told by its content (magic bytes, UTF-8 validity, ZIP entry names), never by its
// name or by the type a client claims. Fed chunk by chunk, so a file is judged as it streams to disk.
import { FILE_TYPES, type FileType } from './file-types.js';
import { ZipEntryNames } from './zip-entry-names.js';

export type Sniffed =
  | { kind: 'allowed'; type: FileType }
  /** `detected` names what the file is, for the refusal's message: "a Windows executable". */
  | { kind: 'refused'; detected: string }
  | { kind: 'empty' };

/** Bytes kept from the start; every signature below lies within them. */
const HEAD_BYTES = 512;

/** ISO media brands of MP4 video; others (QuickTime, HEIF, audio) are refused by name. */
const MP4_BRANDS = new Set(['isom', 'iso2', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ']);
const ISO_MEDIA_NAMES: Record<string, string> = {
  'qt  ': 'a QuickTime movie',
  'M4A ': 'an MPEG-4 audio file',
  heic: 'a HEIF image',
  heix: 'a HEIF image',
  mif1: 'a HEIF image',
  msf1: 'a HEIF image sequence',
  avif: 'an AVIF image',
  '3gp4': 'a 3GP video',
  '3gp5': 'a 3GP video',
};

/** Signatures of what we refuse, so that the refusal can say what the file is. */
const REFUSED: ReadonlyArray<{ bytes: ReadonlyArray<number | string>; at?: number; detected: string; binaryOnly?: boolean }> = [
  // Letters only: text that happens to start with them stays text.
  { bytes: ['MZ'], detected: 'a Windows executable', binaryOnly: true },
  { bytes: [0x7f, 'ELF'], detected: 'an ELF executable' },
  { bytes: [0xfe, 0xed, 0xfa, 0xce], detected: 'a Mach-O executable' },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], detected: 'a Mach-O executable' },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], detected: 'a Mach-O executable' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], detected: 'a Mach-O executable' },
  { bytes: [0xca, 0xfe, 0xba, 0xbe], detected: 'a Mach-O universal binary or Java class file' },
  { bytes: [0x00, 'asm'], detected: 'a WebAssembly module' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], detected: 'a legacy Office (OLE2) document' },
  { bytes: ['Rar!', 0x1a, 0x07], detected: 'a RAR archive' },
  { bytes: ['7z', 0xbc, 0xaf, 0x27, 0x1c], detected: 'a 7-Zip archive' },
  { bytes: [0x1f, 0x8b], detected: 'a gzip archive' },
  { bytes: [0xfd, '7zXZ', 0x00], detected: 'an xz archive' },
  { bytes: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], at: 4, detected: 'a bzip2 archive' },
  { bytes: ['PK', 0x05, 0x06], detected: 'an empty ZIP archive' },
  { bytes: ['SQLite format 3', 0x00], detected: 'an SQLite database' },
  { bytes: ['II*', 0x00], detected: 'a TIFF image' },
  { bytes: ['MM', 0x00, '*'], detected: 'a TIFF image' },
  { bytes: [0x00, 0x00, 0x01, 0x00], detected: 'an icon (ICO)' },
  { bytes: ['BM'], detected: 'a BMP image', binaryOnly: true },
  { bytes: ['OggS'], detected: 'an Ogg media file', binaryOnly: true },
  { bytes: ['fLaC'], detected: 'a FLAC audio file', binaryOnly: true },
  { bytes: ['wOFF'], detected: 'a web font', binaryOnly: true },
  { bytes: ['wOF2'], detected: 'a web font', binaryOnly: true },
];

export class ContentSniffer {
  readonly #head = new Uint8Array(HEAD_BYTES);
  #headLength = 0;
  #size = 0;
  #zip: ZipEntryNames | null = new ZipEntryNames();
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  /** Valid UTF-8 without NUL so far. */
  #text = true;
  #flushed = false;

  update(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.#headLength < HEAD_BYTES) {
      const take = chunk.subarray(0, HEAD_BYTES - this.#headLength);
      this.#head.set(take, this.#headLength);
      this.#headLength += take.length;
    }
    this.#size += chunk.length;
    if (this.#zip) {
      if (this.#headLength >= 4 && !this.#at(0, ['PK', 0x03, 0x04])) this.#zip = null;
      else this.#zip.update(chunk);
    }
    if (this.#text) {
      if (chunk.includes(0)) this.#text = false;
      else this.#text = this.#decodes(() => this.#utf8.decode(chunk, { stream: true }));
    }
  }

  finish(): Sniffed {
    if (this.#size === 0) return { kind: 'empty' };
    const known = this.#signature();
    if (known) return known;
    if (this.#zip) return this.#office(this.#zip);
    if (this.#isText()) return this.#plainText();
    return { kind: 'refused', detected: 'binary data of an unknown type' };
  }

  #signature(): Sniffed | null {
    const allowed = (type: FileType): Sniffed => ({ kind: 'allowed', type });
    if (this.#at(0, [0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a])) return allowed(FILE_TYPES.png);
    if (this.#at(0, [0xff, 0xd8, 0xff])) return allowed(FILE_TYPES.jpeg);
    if (this.#at(0, ['GIF87a']) || this.#at(0, ['GIF89a'])) return allowed(FILE_TYPES.gif);
    if (this.#at(0, ['%PDF-'])) return allowed(FILE_TYPES.pdf);
    if (this.#at(0, ['RIFF'])) {
      if (this.#at(8, ['WEBP'])) return allowed(FILE_TYPES.webp);
      if (this.#at(8, ['WAVE'])) return { kind: 'refused', detected: 'a WAV audio file' };
      if (this.#at(8, ['AVI '])) return { kind: 'refused', detected: 'an AVI video' };
    }
    if (this.#at(4, ['ftyp'])) {
      const brand = this.#ascii(8, 4);
      if (MP4_BRANDS.has(brand)) return allowed(FILE_TYPES.mp4);
      return { kind: 'refused', detected: ISO_MEDIA_NAMES[brand] ?? `an ISO media file (brand "${brand.trim()}")` };
    }
    if (this.#at(0, [0x1a, 0x45, 0xdf, 0xa3])) {
      // The EBML header's DocType says which Matroska profile this is.
      const header = this.#ascii(0, Math.min(this.#headLength, 64));
      if (header.includes('webm')) return allowed(FILE_TYPES.webm);
      return { kind: 'refused', detected: 'a Matroska video' };
    }
    if (this.#at(0, ['ID3']) && this.#headLength > 4 && this.#head[3]! >= 2 && this.#head[3]! <= 4 && this.#head[4] === 0) {
      return { kind: 'refused', detected: 'an MP3 audio file' };
    }
    for (const { bytes, at = 0, detected, binaryOnly = false } of REFUSED) {
      if (this.#at(at, bytes) && !(binaryOnly && this.#isText())) return { kind: 'refused', detected };
    }
    return null;
  }

  #office(zip: ZipEntryNames): Sniffed {
    const c = zip.contents;
    if (!c.contentTypes) return { kind: 'refused', detected: 'a ZIP archive' };
    // Macros run on the reader's machine; a macro-enabled file is not a document we pass on.
    if (c.macros) return { kind: 'refused', detected: 'a macro-enabled Office document' };
    if (c.word) return { kind: 'allowed', type: FILE_TYPES.docx };
    if (c.excel) return { kind: 'allowed', type: FILE_TYPES.xlsx };
    if (c.powerPoint) return { kind: 'allowed', type: FILE_TYPES.pptx };
    return { kind: 'refused', detected: 'an Office Open XML package of an unknown kind' };
  }

  /**
   * Valid UTF-8 without NUL is text, unless it is markup: HTML, SVG and XML are what a browser could
   * be talked into rendering, so they are refused even though `nosniff` would hold them back.
   */
  #plainText(): Sniffed {
    const start = new TextDecoder('utf-8').decode(this.#head.subarray(0, this.#headLength)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
    if (start.startsWith('<')) {
      if (start.includes('<svg')) return { kind: 'refused', detected: 'an SVG image' };
      if (start.startsWith('<?xml')) return { kind: 'refused', detected: 'an XML document' };
      return { kind: 'refused', detected: 'an HTML document' };
    }
    return { kind: 'allowed', type: FILE_TYPES.text };
  }

  /** Valid UTF-8 without NUL to the end; call only once the last chunk is in. */
  #isText(): boolean {
    if (this.#text && !this.#flushed) {
      this.#flushed = true;
      this.#text = this.#decodes(() => this.#utf8.decode());
    }
    return this.#text;
  }

  #decodes(decode: () => string): boolean {
    try {
      decode();
      return true;
    } catch {
      return false;
    }
  }

  /** The head holds `parts` (bytes, or ASCII strings) from `offset` on. */
  #at(offset: number, parts: ReadonlyArray<number | string>): boolean {
    let i = offset;
    for (const part of parts) {
      const codes = typeof part === 'number' ? [part] : [...part].map((ch) => ch.charCodeAt(0));
      for (const code of codes) {
        if (i >= this.#headLength || this.#head[i] !== code) return false;
        i++;
      }
    }
    return true;
  }

  #ascii(offset: number, length: number): string {
    return String.fromCharCode(...this.#head.subarray(offset, Math.min(offset + length, this.#headLength)));
  }
}

/** The verdict on a whole file held in memory. */
export function sniffContent(bytes: Uint8Array): Sniffed {
  const sniffer = new ContentSniffer();
  sniffer.update(bytes);
  return sniffer.finish();
}
