// After a conversation is resolved: rate it 1 to 5 (a radio group of stars) and say why.
import { h, icon } from '../dom.js';
import type { Translate } from '../i18n.js';

export function csatPrompt(t: Translate, submit: (rating: number, comment: string) => Promise<void>): HTMLElement {
  let rating = 0;
  const stars = [1, 2, 3, 4, 5].map((n) =>
    h('button', { type: 'button', role: 'radio', 'aria-checked': 'false', 'aria-label': t('csatStar', { n }), 'data-rating': n, onclick: () => choose(n) }, icon('star')),
  );
  const comment = h('textarea', { 'aria-label': t('csatComment'), placeholder: t('csatComment'), maxlength: 2000, hidden: true });
  const error = h('p', { class: 'kf-error', role: 'alert' });
  const button = h('button', { type: 'button', class: 'kf-primary', disabled: true, hidden: true, onclick: () => send() }, t('csatSubmit'));
  const group = h('div', { class: 'kf-stars', role: 'radiogroup', 'aria-labelledby': 'kf-csat-q' }, ...stars);
  const el = h('div', { class: 'kf-csat' }, h('p', { id: 'kf-csat-q' }, t('csatQuestion')), group, comment, error, button);

  // Arrow keys move between stars, as in any radio group.
  group.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowUp' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowDown' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    choose(Math.min(5, Math.max(1, (rating || 3) + step)));
    stars[rating - 1]?.focus();
  });

  function choose(n: number): void {
    rating = n;
    stars.forEach((s, i) => {
      s.setAttribute('aria-checked', String(i + 1 === n));
      s.classList.toggle('kf-lit', i < n);
      s.tabIndex = i + 1 === n ? 0 : -1;
    });
    comment.hidden = false;
    button.hidden = false;
    button.disabled = false;
  }

  function send(): void {
    button.disabled = true;
    error.textContent = '';
    submit(rating, comment.value.trim()).then(
      () => el.replaceChildren(h('p', { role: 'status' }, t('csatThanks'))),
      () => {
        error.textContent = t('errorGeneric');
        button.disabled = false;
      },
    );
  }
  return el;
}
