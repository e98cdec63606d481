// The keyboard shortcuts, opened with "?".
import { useI18n } from './context.js';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const rows: Array<[string, string]> = [
    ['j', t('shortcutNext')],
    ['k', t('shortcutPrev')],
    ['r', t('shortcutReply')],
    ['e', t('shortcutResolve')],
    ['?', t('shortcutHelp')],
    ['Esc', t('shortcutEscape')],
  ];
  return (
    <div className="overlay" onClick={onClose}>
      <div className="dialog help" role="dialog" aria-modal="true" aria-label={t('shortcuts')} onClick={(e) => e.stopPropagation()}>
        <h2>{t('shortcuts')}</h2>
        <table>
          <tbody>
            {rows.map(([key, what]) => (
              <tr key={key}>
                <td>
                  <kbd>{key}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button className="btn" onClick={onClose} autoFocus>
          {t('close')}
        </button>
      </div>
    </div>
  );
}
