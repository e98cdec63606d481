// What the bot says for a decision: the entry's answer, "did you mean" with buttons, the fallback
// line, or the handoff line. Pure: texts come from the bot's settings and knowledge base.
import type { BotSettings, KbEntry } from '../domain/bot.js';
import { renderTemplate, type TemplateLookup } from '../domain/template.js';
import type { Decision } from '../dialogue/decision.js';

export interface QuickReply {
  readonly label: string;
  readonly text: string;
}

/** A card under a message (`data.card` on the wire): title, text, image, buttons. */
export interface BotCard {
  readonly title: string;
  readonly text?: string;
  readonly imageUrl?: string;
  readonly buttons?: ReadonlyArray<{ readonly label: string; readonly text?: string; readonly url?: string }>;
}

/** One message of the bot; quick replies become buttons under it in the widget, a card a card. */
export interface BotReply {
  readonly text: string;
  readonly quickReplies?: readonly QuickReply[];
  readonly card?: BotCard;
}

/** The button that always lets a visitor reach a person from a "did you mean". */
export const HUMAN_BUTTON: QuickReply = Object.freeze({ label: '人工客服 Talk to a person', text: '转人工' });

export interface ReplyContext {
  readonly entry: (id: string) => KbEntry | undefined;
  readonly settings: BotSettings;
  readonly lookup: TemplateLookup;
}

export function repliesFor(decision: Decision, ctx: ReplyContext): BotReply[] {
  switch (decision.kind) {
    case 'answer': {
      // The LLM stage's own wording, grounded in (and citing) this entry, when it answered.
      if (decision.text) return [{ text: decision.text }];
      const entry = ctx.entry(decision.entryId);
      // An answer names an entry of the same brain, so it exists; if not, saying nothing useful
      // would be worse than the fallback.
      return [{ text: entry ? renderTemplate(entry.answer, ctx.lookup) : ctx.settings.fallbackText }];
    }
    case 'clarify': {
      const options = decision.options
        .map((o) => ctx.entry(o.entryId))
        .filter((e): e is KbEntry => e !== undefined)
        .map((e) => ({ label: e.question, text: e.question }));
      return [{ text: ctx.settings.clarifyText, quickReplies: [...options, HUMAN_BUTTON] }];
    }
    case 'fallback':
      return [{ text: ctx.settings.fallbackText }];
    case 'handoff':
      return [{ text: ctx.settings.handoffText }];
  }
}
