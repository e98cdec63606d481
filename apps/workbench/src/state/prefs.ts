// The agent's preferences on this browser: language and sound.
import { detectLang, LANGS, type Lang } from '../lib/i18n.js';

const LANG_KEY = 'kefu.workbench.lang';
const SOUND_KEY = 'kefu.workbench.sound';

export function loadLang(): Lang {
  const stored = localStorage.getItem(LANG_KEY);
  return LANGS.includes(stored as Lang) ? (stored as Lang) : detectLang(navigator.languages ?? [navigator.language]);
}

export function saveLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}

export function loadSound(): boolean {
  return localStorage.getItem(SOUND_KEY) !== 'off';
}

export function saveSound(on: boolean): void {
  localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
}
