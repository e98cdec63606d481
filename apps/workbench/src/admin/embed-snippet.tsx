// The one tag a site owner pastes into their pages, with a Copy button.
import { useState } from 'react';
import { useI18n } from '../ui/context.js';

/** The loader tag for an inbox, served by this server (docs/widget.md, "Embedding"). */
export function embedSnippet(origin: string, widgetKey: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<script src="${attr(origin)}/widget.js" data-key="${attr(widgetKey)}" async></script>`;
}

export function EmbedSnippet({ widgetKey }: { widgetKey: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const snippet = embedSnippet(location.origin, widgetKey);
  const copy = () => {
    navigator.clipboard.writeText(snippet).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <div className="snippet">
      <div className="snippet-head">
        <span>{t('adminEmbedSnippet')}</span>
        <button type="button" className="btn" data-action="copy-snippet" onClick={copy}>
          {t('adminCopy')}
        </button>
        {copied && (
          <span className="muted" role="status">
            {copied === 'yes' ? t('adminCopied') : t('adminCopyFailed')}
          </span>
        )}
      </div>
      <pre className="snippet-code" data-snippet={widgetKey}>
        <code>{snippet}</code>
      </pre>
      <p className="muted hint">{t('adminEmbedHint')}</p>
    </div>
  );
}
