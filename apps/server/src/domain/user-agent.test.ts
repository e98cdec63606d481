import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './user-agent.js';

// Real User-Agent strings of current browsers, as they send them.
const UA = {
  chromeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  firefoxLinux: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  safariMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  safariIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
  chromeIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
  safariIpad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  chromeAndroid: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
  chromeAndroidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Safari/537.36',
  samsung: 'Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36',
  wechatAndroid:
    'Mozilla/5.0 (Linux; Android 12; V2055A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230303 MMWEBID/5123 MicroMessenger/8.0.34.2340(0x2800223D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  wechatIphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.38(0x18002629) NetType/WIFI Language/zh_CN',
  operaWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0',
  edgeAndroid: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.2210.115',
  chromeWindows7: 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
  huawei: 'Mozilla/5.0 (Linux; Android 10; HarmonyOS; ELS-AN00; HMSCore 6.1.0.305) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.93 HuaweiBrowser/11.0.5.300 Mobile Safari/537.36',
};

describe('parseUserAgent', () => {
  it.each([
    ['chromeWindows', 'Chrome', '120', 'Windows', null, 'desktop'],
    ['edgeWindows', 'Edge', '120', 'Windows', null, 'desktop'],
    ['firefoxLinux', 'Firefox', '121', 'Linux', null, 'desktop'],
    ['safariMac', 'Safari', '17.2', 'macOS', null, 'desktop'],
    ['safariIphone', 'Safari', '17.2', 'iOS', '17.2', 'mobile'],
    ['chromeIphone', 'Chrome', '120', 'iOS', '17.2', 'mobile'],
    ['safariIpad', 'Safari', '16.6', 'iOS', '16.6', 'tablet'],
    ['chromeAndroid', 'Chrome', '120', 'Android', '14', 'mobile'],
    ['chromeAndroidTablet', 'Chrome', '120', 'Android', '13', 'tablet'],
    ['samsung', 'Samsung Internet', '23', 'Android', '13', 'mobile'],
    ['wechatAndroid', 'WeChat', '8', 'Android', '12', 'mobile'],
    ['wechatIphone', 'WeChat', '8', 'iOS', '16.5', 'mobile'],
    ['operaWindows', 'Opera', '105', 'Windows', null, 'desktop'],
    ['firefoxAndroid', 'Firefox', '121', 'Android', '14', 'mobile'],
    ['edgeAndroid', 'Edge', '120', 'Android', '10', 'mobile'],
    ['chromeWindows7', 'Chrome', '109', 'Windows', '7', 'desktop'],
    ['huawei', 'Chrome', '88', 'HarmonyOS', null, 'mobile'],
  ] as const)('%s: %s %s on %s %s, %s', (key, browser, browserVersion, os, osVersion, kind) => {
    expect(parseUserAgent(UA[key])).toEqual({ browser, browserVersion, os, osVersion, kind });
  });

  it('says nothing it does not know, on a desktop', () => {
    const unknown = { browser: null, browserVersion: null, os: null, osVersion: null, kind: 'desktop' };
    expect(parseUserAgent(undefined)).toEqual(unknown);
    expect(parseUserAgent('')).toEqual(unknown);
    expect(parseUserAgent('curl/8.4.0')).toEqual(unknown);
  });

  it('reads only the start of a very long header', () => {
    const long = `${UA.chromeAndroid}${' x'.repeat(50_000)} Firefox/1`;
    expect(parseUserAgent(long)).toMatchObject({ browser: 'Chrome', os: 'Android', kind: 'mobile' });
  });
});
