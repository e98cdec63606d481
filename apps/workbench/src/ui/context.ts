// What every component reads: the workbench state, the translator and the language.
import { createContext, useContext, useSyncExternalStore } from 'react';
import { translator, type Lang, type Translate } from '../lib/i18n.js';
import type { Workbench } from '../state/workbench.js';

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'en', t: translator('en'), setLang: () => {} });
export const WorkbenchContext = createContext<Workbench | null>(null);

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The workbench, re-rendering the caller on every change of its state. */
export function useWorkbench(): Workbench {
  const wb = useContext(WorkbenchContext);
  if (!wb) throw new Error('useWorkbench outside a WorkbenchContext');
  useSyncExternalStore(wb.subscribe, wb.getVersion);
  return wb;
}

/** The workbench without subscribing: for components that only call it (rows, buttons). */
export function useWorkbenchStatic(): Workbench {
  const wb = useContext(WorkbenchContext);
  if (!wb) throw new Error('useWorkbenchStatic outside a WorkbenchContext');
  return wb;
}
