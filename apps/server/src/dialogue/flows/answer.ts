// What a visitor typed, checked against an ask step's validation and brought to its stored form.
import type { AskValidation } from './flow.js';

/** Characters of an answer a slot keeps; also bounds the cost of an admin's pattern on it. */
export const MAX_SLOT_CHARS = 500;

export type Answer = { readonly ok: true; readonly value: string } | { readonly ok: false };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const PHONE = /^\+?\d{7,15}$/;
// Letters then digits, such as KF10001 or 20240501123; found inside a sentence ("我的订单是 kf-10001").
const ORDER_ID = /(?<![A-Z0-9])[A-Z]{0,4}\d{4,20}(?![A-Z0-9])/u;

/** Full-width characters to their usual form, outer spaces off. */
export function tidy(text: string): string {
  return text.normalize('NFKC').trim();
}

export function checkAnswer(text: string, validate: AskValidation | undefined): Answer {
  let value = tidy(text);
  if (value === '' || value.length > MAX_SLOT_CHARS) return { ok: false };
  if (validate?.options) {
    const option = pickOption(value, validate.options);
    if (option === undefined) return { ok: false };
    value = option;
  }
  if (validate?.type) {
    const typed = byType(value, validate.type);
    if (typed === undefined) return { ok: false };
    value = typed;
  }
  if (validate?.pattern !== undefined && !new RegExp(`^(?:${validate.pattern})$`, 'iu').test(value)) return { ok: false };
  return { ok: true, value };
}

/** The option named, or numbered from 1 (visitors often answer "2"). */
function pickOption(value: string, options: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  const named = options.find((o) => tidy(o).toLowerCase() === wanted);
  if (named !== undefined) return named;
  const n = /^\d{1,2}$/.test(wanted) ? Number(wanted) : 0;
  return n >= 1 && n <= options.length ? options[n - 1] : undefined;
}

function byType(value: string, type: NonNullable<AskValidation['type']>): string | undefined {
  switch (type) {
    case 'number': {
      const compact = value.replace(/[\s,]/g, '');
      return /^[-+]?\d+(\.\d+)?$/.test(compact) && Number.isFinite(Number(compact)) ? String(Number(compact)) : undefined;
    }
    case 'email':
      return EMAIL.test(value) ? value.toLowerCase() : undefined;
    case 'phone': {
      const compact = value.replace(/[\s\-().]/g, '');
      return PHONE.test(compact) ? compact : undefined;
    }
    case 'orderId':
      return ORDER_ID.exec(value.toUpperCase().replace(/[\s-]/g, ''))?.[0];
  }
}
