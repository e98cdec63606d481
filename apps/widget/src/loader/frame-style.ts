// The iframe's place and size on the host page, for each state of the widget.

export interface FrameLayout {
  /** The app said `ready`; until then the frame stays invisible. */
  ready: boolean;
  open: boolean;
  /** The host viewport is narrower than MOBILE_MAX_WIDTH_PX: open means full screen. */
  mobile: boolean;
  position: string;
}

// Closed: room for the launcher, its badge and shadow. Open: the panel above the launcher.
const CLOSED = 'width:108px;height:104px;';
const OPEN = 'width:448px;height:min(800px,100%);';
const FULL = 'top:0;width:100%;height:100%;';

export function frameStyle(l: FrameLayout): string {
  const side = l.position === 'left' ? 'left:0;' : 'right:0;';
  const size = !l.open ? CLOSED : l.mobile ? FULL : OPEN;
  return (
    'position:fixed;bottom:0;border:0;margin:0;padding:0;z-index:2147483000;background:transparent;color-scheme:light;max-width:100%;' +
    side +
    size +
    (l.ready ? '' : 'visibility:hidden;')
  );
}
