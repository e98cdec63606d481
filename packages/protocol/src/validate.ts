// Guards for untrusted JSON values, shared by the frame parsers; none of them throws.

export type JsonObject = Record<string, unknown>;

/** An object as JSON.parse makes it: not null, not an array. */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an own property only: if some other code polluted Object.prototype,
 * an inherited `conv` or `seq` must not stand in for a field the peer never sent.
 */
export function field(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

// With the `u` flag a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * A string of `min..max` UTF-16 code units (what JavaScript's `length` counts).
 * A lone surrogate (`"\ud800"` in JSON) is refused: it has no UTF-8 form, so it
 * could not be stored or relayed as the peer sent it.
 */
export function isString(value: unknown, min: number, max: number): value is string {
  return (
    typeof value === 'string' &&
    value.length >= min &&
    value.length <= max &&
    !LONE_SURROGATE.test(value)
  );
}

/** A seq, cursor or count: a non-negative safe integer. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** JSON `-0` parses to -0; it is stored and compared as 0. */
export function count(value: number): number {
  return value === 0 ? 0 : value;
}

/** An array of at most `maxLength` elements, each passing `test`. */
export function isArrayOf<T>(
  value: unknown,
  maxLength: number,
  test: (item: unknown) => item is T,
): value is T[] {
  return Array.isArray(value) && value.length <= maxLength && value.every((item) => test(item));
}

/**
 * The UTF-8 size of `text`, counting up to `limit + 1` at most: enough to
 * tell whether a frame fits, without walking the rest of a huge one.
 * A lone surrogate counts 3 bytes, as the U+FFFD an encoder would write.
 */
export function utf8BytesUpTo(text: string, limit: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** A peer-chosen value, shortened and quoted, fit to name in an error message. */
export function quote(value: string, maxLength = 64): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return JSON.stringify(shown);
}
