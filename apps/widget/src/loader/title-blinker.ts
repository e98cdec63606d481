// Alternates the host page's title with a notice (unread messages while the chat is closed).

/** How often the title flips, in ms. */
const BLINK_MS = 1_000;

export class TitleBlinker {
  private timer: ReturnType<typeof setInterval> | undefined;
  private saved = '';
  private text = '';

  constructor(private readonly doc: Document) {}

  /** The page's own title, even while the notice is showing. */
  title(): string {
    return this.timer === undefined ? this.doc.title : this.saved;
  }

  /** Blinks `text`, or stops and puts the page's own title back when null. */
  set(text: string | null): void {
    if (text === null) {
      if (this.timer === undefined) return;
      clearInterval(this.timer);
      this.timer = undefined;
      this.doc.title = this.saved;
      return;
    }
    this.text = text;
    if (this.timer !== undefined) return;
    this.saved = this.doc.title;
    let showing = false;
    this.timer = setInterval(() => {
      showing = !showing;
      this.doc.title = showing ? this.text : this.saved;
    }, BLINK_MS);
  }
}
