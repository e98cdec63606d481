// What a bot message showed the visitor besides its text: quick-reply buttons and a card. The
// agent sees them as the visitor did, but inert: pressing is the visitor's to do.
interface Card {
  title: string;
  text?: string;
  buttons: string[];
}

function quickRepliesOf(data: Record<string, unknown> | undefined): string[] {
  const raw = data?.quickReplies;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((q) => (typeof q === 'object' && q !== null && typeof (q as { label?: unknown }).label === 'string' ? [(q as { label: string }).label] : []));
}

function cardOf(data: Record<string, unknown> | undefined): Card | null {
  const c = data?.card;
  if (typeof c !== 'object' || c === null) return null;
  const { title, text, buttons } = c as { title?: unknown; text?: unknown; buttons?: unknown };
  if (typeof title !== 'string') return null;
  const labels = Array.isArray(buttons) ? buttons.flatMap((b) => (typeof b === 'object' && b !== null && typeof (b as { label?: unknown }).label === 'string' ? [(b as { label: string }).label] : [])) : [];
  return { title, ...(typeof text === 'string' ? { text } : {}), buttons: labels };
}

export function BotExtras({ data }: { data: Record<string, unknown> | undefined }) {
  const quick = quickRepliesOf(data);
  const card = cardOf(data);
  if (quick.length === 0 && !card) return null;
  return (
    <>
      {card && (
        <div className="bot-card">
          <div className="bot-card-title">{card.title}</div>
          {card.text && <div className="bot-card-text">{card.text}</div>}
          {card.buttons.length > 0 && (
            <div className="bot-choices">
              {card.buttons.map((label, i) => (
                <span key={i} className="bot-choice">
                  {label}
                </span>
              ))}
            </div>
          )}
        </div>
      )}
      {quick.length > 0 && (
        <div className="bot-choices">
          {quick.map((label, i) => (
            <span key={i} className="bot-choice">
              {label}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
