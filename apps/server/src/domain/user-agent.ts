// The visitor's device from a User-Agent header: browser, operating system and kind of device.
// A small table of the common browsers and systems, not a full database: what it does not know
// is null (and `desktop`). User-Agent strings are what a browser claims; they are shown to agents
// as a hint, never trusted for anything.
import type { VisitorDevice } from './model.js';

/** Longer headers are cut before matching: no pattern needs more, and matching stays cheap. */
const MAX_UA_CHARS = 512;

/**
 * Browsers, most specific first: in-app and Chromium-based browsers also say `Chrome` and
 * `Safari`, so they must be recognised before those two. The first group is the version.
 */
const BROWSERS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['WeChat', /MicroMessenger\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Opera', /(?:OPR|OPT|OPiOS|Opera)\/(\d+)/],
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /Version\/(\d+(?:\.\d+)?).*Safari\//],
];

/** Windows NT versions; NT 10.0 is both Windows 10 and 11, which the header cannot tell apart. */
const WINDOWS_VERSIONS: Record<string, string | null> = { '10.0': null, '6.3': '8.1', '6.2': '8', '6.1': '7' };

export function parseUserAgent(header: string | undefined | null): VisitorDevice {
  const ua = (header ?? '').slice(0, MAX_UA_CHARS);
  let browser: string | null = null;
  let browserVersion: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) {
      browser = name;
      browserVersion = match[1] ?? null;
      break;
    }
  }
  const { os, osVersion } = operatingSystem(ua);
  return { browser, browserVersion, os, osVersion, kind: deviceKind(ua, os) };
}

function operatingSystem(ua: string): { os: string | null; osVersion: string | null } {
  let m: RegExpExecArray | null;
  if ((m = /\b(?:iPhone|iPad|iPod)\b.*? OS (\d+)(?:_(\d+))?/.exec(ua))) return { os: 'iOS', osVersion: version(m[1], m[2]) };
  if (/\b(?:iPhone|iPad|iPod)\b/.test(ua)) return { os: 'iOS', osVersion: null };
  if ((m = /HarmonyOS[ /]?(\d+(?:\.\d+)?)?/.exec(ua)) || /OpenHarmony/.test(ua)) return { os: 'HarmonyOS', osVersion: m?.[1] ?? null };
  if ((m = /Android[ /]?(\d+)(?:\.(\d+))?/.exec(ua))) return { os: 'Android', osVersion: version(m[1], m[2]) };
  if (/Android/.test(ua)) return { os: 'Android', osVersion: null };
  if ((m = /Windows NT (\d+\.\d+)/.exec(ua))) return { os: 'Windows', osVersion: WINDOWS_VERSIONS[m[1]!] ?? null };
  if (/Windows/.test(ua)) return { os: 'Windows', osVersion: null };
  // Browsers on a Mac all say 10_15_7 whatever the real version: no version is better than a wrong one.
  if (/Macintosh|Mac OS X/.test(ua)) return { os: 'macOS', osVersion: null };
  if (/CrOS/.test(ua)) return { os: 'ChromeOS', osVersion: null };
  if (/Linux|X11/.test(ua)) return { os: 'Linux', osVersion: null };
  return { os: null, osVersion: null };
}

function deviceKind(ua: string, os: string | null): VisitorDevice['kind'] {
  if (/\biPad\b|Tablet|Kindle|Silk\//.test(ua)) return 'tablet';
  if (/\biPhone\b|\biPod\b|Mobi|Windows Phone/.test(ua)) return 'mobile';
  // Android tablets leave `Mobile` out; phones put it in.
  if (os === 'Android' || os === 'HarmonyOS') return /Mobile/.test(ua) ? 'mobile' : 'tablet';
  return 'desktop';
}

/** "17" and "2" make "17.2"; a minor of 0 is dropped ("14"). */
function version(major: string | undefined, minor: string | undefined): string | null {
  if (major === undefined) return null;
  return minor !== undefined && minor !== '0' ? `${major}.${minor}` : major;
}
