// The emoji picker's small built-in set: the ones support agents actually use.
export const EMOJI: readonly string[] = [
  '😀', '😊', '🙂', '😉', '😄', '😅', '😂', '🤔',
  '😮', '😢', '🙏', '👍', '👌', '👏', '🙌', '💪',
  '❤️', '🎉', '✅', '❌', '⚠️', '⏳', '📦', '🚚',
  '💳', '📧', '📞', '🔧', '💡', '⭐', '👋', '🤝',
];

/** Inserts text at the selection of a textarea's value; answers the new value and caret. */
export function insertAt(value: string, start: number, end: number, insert: string): { value: string; caret: number } {
  return { value: value.slice(0, start) + insert + value.slice(end), caret: start + insert.length };
}
