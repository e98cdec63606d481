// Sign in with email and password; the token and the agent are kept for later visits.
import { useState, type FormEvent } from 'react';
import { LANG_NAMES, LANGS, type Lang } from '../lib/i18n.js';
import { Api, ApiError } from '../state/api.js';
import type { Session } from '../state/session.js';
import { useI18n } from './context.js';

export function Login({ onSignIn }: { onSignIn: (s: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    Api.login(email.trim(), password).then(
      (r) => onSignIn({ token: r.token, agent: r.agent }),
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof ApiError && err.status === 0 ? t('networkError') : t('loginFailed'));
      },
    );
  };

  return (
    <div className="login">
      <form className="login-card" onSubmit={submit} aria-label={t('signIn')}>
        <div className="brand brand-large">
          <span className="brand-mark">客</span> {t('appName')}
        </div>
        <label>
          {t('email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          {t('password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
        <select className="lang-select" aria-label={t('language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          {LANGS.map((l) => (
            <option key={l} value={l}>
              {LANG_NAMES[l]}
            </option>
          ))}
        </select>
      </form>
    </div>
  );
}
