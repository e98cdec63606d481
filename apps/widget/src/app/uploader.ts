// Files the visitor attaches: uploaded over REST (the server checks size and type), then sent as
// a message with the upload ids. Progress and refusals show above the composer.
import { ApiError, type Upload, type WidgetApi } from './api.js';
import { h } from './dom.js';
import type { Translate } from './i18n.js';
import type { ChatSession } from './session.js';
import { formatBytes } from './ui/rich-content.js';

/** How long a refusal stays on screen, in ms. */
const NOTICE_MS = 6_000;

export class Uploader {
  private readonly uploads = new Map<string, Upload>();
  /** Files the server accepts (docs/uploads.md); it judges by content, this only guides the picker. */
  static readonly ACCEPT = 'image/png,image/jpeg,image/gif,image/webp,application/pdf,video/mp4,video/webm,text/plain,.txt,.docx,.xlsx,.pptx';

  /**
   * @param maxBytes the server's limit when the widget config tells it; else learnt from the
   *   first 413, so that larger files are refused without a round trip.
   */
  constructor(
    private readonly api: WidgetApi,
    private readonly session: ChatSession,
    private readonly t: Translate,
    private maxBytes: number | null,
  ) {}

  get(id: string): Upload | undefined {
    return this.uploads.get(id);
  }

  async sendFiles(files: File[], status: HTMLElement): Promise<void> {
    for (const file of files) {
      const line = h('div', {}, this.t('uploading', { name: file.name }));
      status.appendChild(line);
      try {
        if (this.maxBytes !== null && file.size > this.maxBytes) throw new ApiError(413, 'too_large', 'too large');
        const token = await this.session.token();
        const upload = await this.api.upload(token, file);
        this.uploads.set(upload.id, upload);
        this.session.start();
        this.session.client.send('', { attachments: [upload.id] });
        line.remove();
      } catch (error) {
        const tooLarge = error instanceof ApiError && (error.status === 413 || error.code === 'too_large');
        if (tooLarge && error instanceof ApiError) this.maxBytes = limitFrom(error.message) ?? this.maxBytes;
        line.className = 'kf-error';
        line.setAttribute('role', 'alert');
        const refusedType = error instanceof ApiError && error.status === 415;
        line.textContent = tooLarge
          ? this.t('tooLarge', { name: file.name, max: this.maxBytes ? formatBytes(this.maxBytes) : '?' })
          : refusedType
            ? this.t('fileType', { name: file.name })
            : this.t('uploadFailed', { name: file.name });
        setTimeout(() => line.remove(), NOTICE_MS);
      }
    }
  }
}

/** "… at most 10485760 bytes" → 10485760. */
function limitFrom(message: string): number | null {
  const m = /(\d{3,})\s*bytes/.exec(message);
  return m ? Number(m[1]) : null;
}
