// What a key press in the composer means. Enter sends, Shift+Enter is a new line, and the Enter
// that confirms an IME composition (pinyin → 汉字) must never send: browsers flag it with
// isComposing, and Safari sends keyCode 229 for it after compositionend.

export interface KeyInfo {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  keyCode: number;
}

export type ComposerKeyAction = 'send' | 'newline' | 'none';

export function composerKeyAction(e: KeyInfo, composingSince: boolean): ComposerKeyAction {
  if (e.key !== 'Enter') return 'none';
  if (e.isComposing || composingSince || e.keyCode === 229) return 'none';
  if (e.shiftKey || e.altKey) return 'newline';
  return 'send';
}
