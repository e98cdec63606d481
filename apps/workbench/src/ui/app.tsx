// The app's root: language, the session (login or the workbench), and logout.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { translator, type Lang } from '../lib/i18n.js';
import { loadLang, saveLang } from '../state/prefs.js';
import { loadSession, onSessionChange, saveSession, type Session } from '../state/session.js';
import { I18nContext } from './context.js';
import { Login } from './login.js';
import { Shell } from './shell.js';

export function App() {
  const [lang, setLangState] = useState<Lang>(loadLang);
  const [session, setSession] = useState<Session | null>(loadSession);

  const setLang = useCallback((l: Lang) => {
    saveLang(l);
    setLangState(l);
  }, []);
  const i18n = useMemo(() => ({ lang, t: translator(lang), setLang }), [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => onSessionChange(setSession), []);

  const signIn = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
  }, []);
  const signOut = useCallback(() => {
    saveSession(null);
    setSession(null);
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {session ? <Shell key={session.token} session={session} onSignOut={signOut} /> : <Login onSignIn={signIn} />}
    </I18nContext.Provider>
  );
}
