import { describe, expect, it } from 'vitest';
import type { WidgetConfig } from './api.js';
import { DEFAULT_COLOR, hexColor, offersLeaveMessage, onColor, widgetLook } from './settings.js';

const config = (settings: Record<string, unknown>, over: Partial<WidgetConfig> = {}): WidgetConfig => ({
  inbox: { name: 'Website', settings },
  open: true,
  agentsAvailable: true,
  ...over,
});

describe('widgetLook', () => {
  it('gives defaults for an inbox without settings', () => {
    expect(widgetLook(config({}))).toMatchObject({ name: 'Website', greeting: null, color: DEFAULT_COLOR, position: 'right', leaveMessage: 'when_no_agent', preChat: { enabled: false } });
  });

  it('refuses a colour that is not a hex colour, so no CSS can be injected', () => {
    expect(hexColor('#0F766E')).toBe('#0f766e');
    expect(hexColor('#abc')).toBe('#aabbcc');
    expect(hexColor('red; background:url(x)')).toBeNull();
    expect(widgetLook(config({ color: 'url(javascript:x)' })).color).toBe(DEFAULT_COLOR);
  });

  it('keeps pre-chat fields that make sense and drops the rest', () => {
    const look = widgetLook(
      config({
        preChat: {
          enabled: true,
          fields: [
            { key: 'email', label: 'Email', type: 'email', required: true },
            { key: 'email', label: 'Again' },
            { key: 'plan', type: 'select', options: [] },
            { label: 'no key' },
            { key: 'size', label: 'Team size', type: 'bogus' },
          ],
        },
      }),
    );
    expect(look.preChat).toEqual({
      enabled: true,
      fields: [
        { key: 'email', label: 'Email', type: 'email', required: true },
        { key: 'size', label: 'Team size', type: 'text', required: false },
      ],
    });
  });
});

describe('offersLeaveMessage', () => {
  it('offers the form outside business hours, and when nobody is available unless told otherwise', () => {
    expect(offersLeaveMessage(config({}, { open: false }), widgetLook(config({})))).toBe(true);
    expect(offersLeaveMessage(config({}, { agentsAvailable: false }), widgetLook(config({})))).toBe(true);
    expect(offersLeaveMessage(config({}), widgetLook(config({})))).toBe(false);
    const closedOnly = widgetLook(config({ leaveMessage: 'when_closed' }));
    expect(offersLeaveMessage(config({}, { agentsAvailable: false }), closedOnly)).toBe(false);
    // A bot answering the inbox keeps the chat open, even outside business hours.
    expect(offersLeaveMessage(config({}, { agentsAvailable: false, open: false, botAvailable: true }), widgetLook(config({})))).toBe(false);
    expect(offersLeaveMessage(config({}, { open: false }), widgetLook(config({ leaveMessage: 'never' })))).toBe(false);
  });
});

describe('onColor', () => {
  it('writes white on dark colours and dark on light ones', () => {
    expect(onColor('#2f6fed')).toBe('#ffffff');
    expect(onColor('#fde047')).toBe('#111827');
  });
});
