// The right column: who the visitor is (name, email, verified identity, attributes, where they
// are and on what device) and their other conversations.
import { entryTime } from '../lib/format.js';
import type { Translate } from '../lib/i18n.js';
import type { ContactVisit } from '../state/api.js';
import type { ConversationRecord } from '../state/conversation-record.js';
import { BotTrace } from './bot-trace.js';
import { useI18n, useWorkbench } from './context.js';
import { STATE_LABEL } from './conversation-list.js';

/** Attribute keys the widget or host page may use for the visitor's page, referrer and device. */
const PAGE_KEYS = ['currentPage', 'pageUrl', 'page', 'url'];
const REFERRER_KEYS = ['referrer', 'referer'];
const DEVICE_KEYS = ['device', 'userAgent', 'browser'];

function pick(attributes: Record<string, unknown>, keys: string[]): string | null {
  for (const k of keys) {
    const v = attributes[k];
    if (typeof v === 'string' || typeof v === 'number') return String(v);
  }
  return null;
}

const KIND_LABEL = { mobile: 'deviceMobile', tablet: 'deviceTablet', desktop: 'deviceDesktop' } as const;

/** "Safari 17.2 · iOS 17.2 · Mobile", from the device the server read off the User-Agent. */
function deviceText(device: ContactVisit['device'], t: Translate): string {
  const named = (name: string | null, version: string | null) => (name ? (version ? `${name} ${version}` : name) : null);
  return [named(device.browser, device.browserVersion), named(device.os, device.osVersion), t(KIND_LABEL[device.kind] ?? 'deviceDesktop')].filter(Boolean).join(' · ');
}

/** A link for an http(s) URL (the server keeps no other), else the text. */
function WebLink({ url, text }: { url: string; text?: string | null }) {
  if (!/^https?:\/\//i.test(url)) return <>{url}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {text || url}
    </a>
  );
}

export function ContactPanel({ conv, onSelect }: { conv: ConversationRecord; onSelect: (id: string) => void }) {
  const wb = useWorkbench();
  const { t, lang } = useI18n();
  const details = wb.contactDetails(conv.contact);
  if (details === 'loading' || details === 'failed') {
    return <aside className="contact-panel">{details === 'loading' ? <p className="muted">{t('loading')}</p> : null}</aside>;
  }
  const { contact, conversations } = details;
  const attrs = contact.attributes ?? {};
  const known = new Set([...PAGE_KEYS, ...REFERRER_KEYS, ...DEVICE_KEYS]);
  const rest = Object.entries(attrs).filter(([k]) => !known.has(k));
  // The widget's report of the visit; attributes the host page set are the fallback.
  const visit = contact.visit ?? null;
  const page = visit ? null : pick(attrs, PAGE_KEYS);
  const referrer = visit ? visit.referrer : pick(attrs, REFERRER_KEYS);
  const device = visit ? deviceText(visit.device, t) : pick(attrs, DEVICE_KEYS);
  const past = conversations.filter((c) => c.id !== conv.id);

  return (
    <aside className="contact-panel" aria-label={t('contact')}>
      <section className="card">
        <div className="contact-head">
          <div className="avatar" aria-hidden="true">
            {(contact.name ?? contact.email ?? '?').trim().slice(0, 1).toUpperCase()}
          </div>
          <div>
            <div className="contact-name">{contact.name ?? t('visitor')}</div>
            {contact.email && <div className="muted contact-email">{contact.email}</div>}
          </div>
        </div>
        <div className="badges">
          {contact.identityVerified ? (
            <span className="tag tag-verified" data-verified="true">
              ✓ {t('verified')}
            </span>
          ) : (
            <span className="tag" data-verified="false">
              {t('notVerified')}
            </span>
          )}
          {contact.blocked && <span className="tag tag-danger">{t('blocked')}</span>}
        </div>
        <dl className="facts">
          {visit && (
            <>
              <dt>{t('currentPage')}</dt>
              <dd className="break" data-fact="page">
                <WebLink url={visit.page} text={visit.title} />
                {visit.title && <div className="muted">{visit.page}</div>}
                <div className="muted">{entryTime(visit.at, Date.now(), lang)}</div>
              </dd>
            </>
          )}
          {page && (
            <>
              <dt>{t('currentPage')}</dt>
              <dd className="break">{page}</dd>
            </>
          )}
          {referrer && (
            <>
              <dt>{t('referrer')}</dt>
              <dd className="break" data-fact="referrer">
                {visit ? <WebLink url={referrer} /> : referrer}
              </dd>
            </>
          )}
          {device && (
            <>
              <dt>{t('device')}</dt>
              <dd className="break" data-fact="device">
                {device}
              </dd>
            </>
          )}
          {visit?.language && (
            <>
              <dt>{t('language')}</dt>
              <dd data-fact="language">{visit.language}</dd>
            </>
          )}
        </dl>
      </section>
      {rest.length > 0 && (
        <section className="card">
          <h3>{t('attributes')}</h3>
          <dl className="facts attributes">
            {rest.map(([k, v]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd className="break">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      <section className="card">
        <h3>{t('pastConversations')}</h3>
        {past.length === 0 && <p className="muted">{t('noPastConversations')}</p>}
        <ul className="past">
          {past.map((c) => (
            <li key={c.id}>
              <button className="link" onClick={() => onSelect(c.id)}>
                <span className={`state state-${c.status}`}>{t(STATE_LABEL[c.status])}</span> {entryTime(c.createdAt, Date.now(), lang)}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <BotTrace conv={conv.id} lastSeq={conv.lastSeq} />
    </aside>
  );
}
