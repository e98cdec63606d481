// The chat app's entry: read the frame's parameters, fetch the inbox's settings, start the app.
import './styles.css';
import { WidgetApi } from './api.js';
import { Bridge } from './bridge.js';
import { h } from './dom.js';
import { pickLocale, translator } from './i18n.js';
import { frameParams } from './params.js';
import { ChatSession } from './session.js';
import { onColor, widgetLook } from './settings.js';
import { WidgetApp } from './widget-app.js';

async function main(): Promise<void> {
  const mount = document.getElementById('kefu')!;
  const params = frameParams(location.search);
  if (!params) return;
  const bridge = new Bridge(params.parentOrigin);
  const api = new WidgetApi(params.widgetKey);
  let config;
  try {
    config = await api.config();
  } catch (error) {
    const t = translator(pickLocale(null, navigator.languages));
    mount.replaceChildren(h('p', { class: 'kf-sr', role: 'alert' }, t('unavailable')));
    console.error('[kefu] no widget settings', error);
    return;
  }
  const look = widgetLook(config);
  const locale = pickLocale(look.locale, navigator.languages);
  const t = translator(locale);
  document.documentElement.lang = locale;
  document.documentElement.style.setProperty('--kf-brand', look.color);
  document.documentElement.style.setProperty('--kf-on-brand', onColor(look.color));

  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const session = new ChatSession({ widgetKey: params.widgetKey, wsUrl });
  const app = new WidgetApp({ api, bridge, session, t, config, look });
  mount.replaceChildren(app.root);
  bridge.listen({
    command: (name, args) => app.command(name, args),
    viewport: (mobile) => app.setMobile(mobile),
    token: (token) => session.adoptToken(token),
    page: (page) => app.setPage(page),
  });
  // Without storage of its own, the frame has the loader keep the visitor token on the host page.
  if (!session.persistent) session.onToken((token) => bridge.post({ type: 'token', token }));
  bridge.post({ type: 'ready', position: look.position });
}

void main();
