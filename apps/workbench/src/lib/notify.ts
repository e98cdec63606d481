// Getting an agent's attention: a short WebAudio beep, a desktop notification when permitted and
// the tab is hidden, and the unread count in the tab's title.

let audio: AudioContext | null = null;

/** Two short tones; silent until the page has had a user gesture (browsers' autoplay rule). */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const start = now + i * 0.12;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.1);
      osc.connect(gain).connect(audio.destination);
      osc.start(start);
      osc.stop(start + 0.11);
    }
  } catch {
    // No audio on this device: the title and the list still show what is new.
  }
}

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Shows a desktop notification when permitted and the agent is looking elsewhere. */
export function desktopNotify(title: string, body: string, onClick: () => void): void {
  if (!notificationsSupported() || Notification.permission !== 'granted' || document.visibilityState === 'visible') return;
  try {
    const n = new Notification(title, { body, tag: 'kefu', silent: true });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers allow notifications only from a service worker; the title badge remains.
  }
}

/** `(3) Kefu` while something is unread, `Kefu` otherwise. */
export function titleWithBadge(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
