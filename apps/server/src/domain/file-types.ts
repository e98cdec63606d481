// The kinds of file the server accepts, and how each is handed back: name, disposition.

export interface FileType {
  /** The Content-Type it is served with. */
  mime: string;
  /** What people call it, for messages. */
  label: string;
  /** Extensions a download name may keep; the first is added to a name that has none of them. */
  extensions: readonly string[];
  /** Shown in the browser (images, PDF, video); anything else is downloaded. */
  inline: boolean;
}

const type = (mime: string, label: string, extensions: string[], inline: boolean): FileType => Object.freeze({ mime, label, extensions, inline });

/** Every type an upload may have; content-sniff.ts decides which one a file is. */
export const FILE_TYPES = Object.freeze({
  png: type('image/png', 'PNG image', ['png'], true),
  jpeg: type('image/jpeg', 'JPEG image', ['jpg', 'jpeg', 'jpe', 'jfif'], true),
  gif: type('image/gif', 'GIF image', ['gif'], true),
  webp: type('image/webp', 'WebP image', ['webp'], true),
  pdf: type('application/pdf', 'PDF document', ['pdf'], true),
  // Saved as .txt unless the name already says a harmless text format, so that a text file named
  // `page.html` cannot become a page when someone opens the download.
  text: type('text/plain; charset=utf-8', 'plain text', ['txt', 'text', 'log', 'md', 'csv', 'tsv', 'json', 'yaml', 'yml', 'ini', 'toml'], false),
  docx: type('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word document', ['docx'], false),
  xlsx: type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel workbook', ['xlsx'], false),
  pptx: type('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'PowerPoint presentation', ['pptx'], false),
  mp4: type('video/mp4', 'MP4 video', ['mp4', 'm4v'], true),
  webm: type('video/webm', 'WebM video', ['webm'], true),
});

export type FileTypeName = keyof typeof FILE_TYPES;

export function fileTypeOf(mime: string): FileType | undefined {
  return Object.values(FILE_TYPES).find((t) => t.mime === mime);
}

/** The name a download is saved under: the display name, with the type's extension if it lacks one. */
export function downloadName(name: string, fileType: FileType): string {
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return fileType.extensions.includes(extension) ? name : `${name}.${fileType.extensions[0] ?? 'bin'}`;
}

/**
 * `inline` or `attachment`, with a plain-ASCII `filename` for old clients and the real name as
 * RFC 5987 `filename*` (UTF-8, percent-encoded), which every current browser prefers.
 */
export function contentDisposition(name: string, fileType: FileType): string {
  const saved = downloadName(name, fileType);
  const ascii = saved.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(saved).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${fileType.inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
