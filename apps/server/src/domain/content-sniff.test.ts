import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ContentSniffer, sniffContent, type Sniffed } from './content-sniff.js';
import { FILE_TYPES } from './file-types.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

/** A ZIP of stored (uncompressed) entries, as Office writes them in spirit. */
function zip(entries: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const office = (main: string, extra: Record<string, string> = {}) => zip({ '[Content_Types].xml': CONTENT_TYPES, '_rels/.rels': '<Relationships/>', [main]: '<x/>', ...extra });

/** The same bytes fed in chunks of `size`, to show a verdict does not depend on where chunks break. */
function sniffInChunks(content: Uint8Array, size: number): Sniffed {
  const sniffer = new ContentSniffer();
  for (let i = 0; i < content.length; i += size) sniffer.update(content.subarray(i, i + size));
  return sniffer.finish();
}

const allowed = (content: Uint8Array) => {
  const verdict = sniffContent(content);
  return verdict.kind === 'allowed' ? verdict.type.mime : `refused: ${verdict.kind === 'refused' ? verdict.detected : verdict.kind}`;
};

describe('content sniffing', () => {
  it.each([
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR'), FILE_TYPES.png.mime],
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF', [0]), FILE_TYPES.jpeg.mime],
    ['GIF 89a', bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0]), FILE_TYPES.gif.mime],
    ['GIF 87a', bytes('GIF87a', [1, 0, 1, 0]), FILE_TYPES.gif.mime],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), FILE_TYPES.webp.mime],
    ['PDF', bytes('%PDF-1.7\n%', [0xe2, 0xe3, 0xcf, 0xd3], '\n1 0 obj'), FILE_TYPES.pdf.mime],
    ['MP4', bytes([0, 0, 0, 0x20], 'ftypisom', [0, 0, 2, 0], 'isomiso2avc1mp41'), FILE_TYPES.mp4.mime],
    ['WebM', bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], 'webm', [0x42, 0x87]), FILE_TYPES.webm.mime],
    ['a Word document', office('word/document.xml'), FILE_TYPES.docx.mime],
    ['an Excel workbook', office('xl/workbook.xml'), FILE_TYPES.xlsx.mime],
    ['a PowerPoint presentation', office('ppt/presentation.xml'), FILE_TYPES.pptx.mime],
    ['plain text in Chinese', utf8('您好，我的订单 #1234 还没到。\nHello!'), FILE_TYPES.text.mime],
    ['text with a byte order mark', utf8('\uFEFFname,qty\nTea,2\n'), FILE_TYPES.text.mime],
    ['text that merely starts with MZ', utf8('MZ-2000 printer: paper jam'), FILE_TYPES.text.mime],
  ])('accepts %s by its content', (_name, content, mime) => {
    expect(allowed(content)).toBe(mime);
  });

  it.each([
    ['a Windows executable (whatever its name)', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff], 'This program cannot be run in DOS mode'), 'a Windows executable'],
    ['an ELF executable', bytes([0x7f], 'ELF', [2, 1, 1, 0]), 'an ELF executable'],
    ['a Mach-O executable', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1]), 'a Mach-O executable'],
    ['an SVG image', utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'an SVG image'],
    ['an SVG image with an XML prolog', utf8('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'an SVG image'],
    ['an HTML page after white space', utf8('\n  <!DOCTYPE html><html><script>alert(1)</script>'), 'an HTML document'],
    ['an XML document', utf8('<?xml version="1.0"?><note/>'), 'an XML document'],
    ['a ZIP archive', zip({ 'readme.txt': 'hi', 'setup.exe': 'MZ' }), 'a ZIP archive'],
    ['a macro-enabled Word document', office('word/document.xml', { 'word/vbaProject.bin': 'macros' }), 'a macro-enabled Office document'],
    ['an Office package of no known kind', office('visio/document.xml'), 'an Office Open XML package of an unknown kind'],
    ['a legacy .doc', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a legacy Office (OLE2) document'],
    ['a gzip archive', bytes([0x1f, 0x8b, 8, 0, 0, 0]), 'a gzip archive'],
    ['a QuickTime movie', bytes([0, 0, 0, 0x14], 'ftypqt  ', [0, 0, 2, 0]), 'a QuickTime movie'],
    ['a HEIF photo', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic'), 'a HEIF image'],
    ['a Matroska video', bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x82, 0x88], 'matroska'), 'a Matroska video'],
    ['text with a NUL byte', utf8('hello\u0000world'), 'binary data of an unknown type'],
    ['invalid UTF-8', bytes('caf', [0xe9], ' au lait'), 'binary data of an unknown type'],
    ['UTF-8 cut in the middle of a character', bytes('ok ', [0xe4, 0xbd]), 'binary data of an unknown type'],
  ])('refuses %s and says what it is', (_name, content, detected) => {
    expect(sniffContent(content)).toEqual({ kind: 'refused', detected });
  });

  it('answers empty for no bytes at all', () => {
    expect(sniffContent(new Uint8Array(0))).toEqual({ kind: 'empty' });
    expect(sniffInChunks(new Uint8Array(0), 1)).toEqual({ kind: 'empty' });
  });

  it('reaches the same verdict whatever the size of the chunks', () => {
    const samples = [
      office('word/document.xml'),
      office('word/document.xml', { 'word/vbaProject.bin': 'm' }),
      zip({ 'a.txt': 'x' }),
      utf8('多字节字符跨越分块边界 — chunks split characters'),
      bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]),
      bytes('MZ', [0x90, 0, 3, 0]),
      utf8('  <html>'),
    ];
    for (const sample of samples) {
      const whole = sniffContent(sample);
      for (const size of [1, 2, 3, 7, 64]) expect(sniffInChunks(sample, size)).toEqual(whole);
    }
  });

  it('finds the Office parts of a package larger than its first chunk, wherever they lie', () => {
    const padding = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`docProps/part${i}.xml`, 'p'.repeat(500)]));
    const big = zip({ '[Content_Types].xml': CONTENT_TYPES, ...padding, 'word/document.xml': '<w/>' });
    expect(big.length).toBeGreaterThan(100_000);
    expect(sniffInChunks(big, 16_384)).toEqual({ kind: 'allowed', type: FILE_TYPES.docx });
  });
});
