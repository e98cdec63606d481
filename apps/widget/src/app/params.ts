// What the loader put in the frame's URL: the widget key and the host page's origin.

export interface FrameParams {
  widgetKey: string;
  /** The origin of the page that embeds the widget; the bridge talks to it alone. */
  parentOrigin: string;
}

export function frameParams(search: string): FrameParams | null {
  const q = new URLSearchParams(search);
  const widgetKey = q.get('key');
  const parentOrigin = q.get('origin');
  if (!widgetKey || !parentOrigin) return null;
  return { widgetKey, parentOrigin };
}
