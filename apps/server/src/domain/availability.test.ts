import { describe, expect, it } from 'vitest';
import { availabilityOf, effectiveCapacity } from './availability.js';

const settings = { idleAwayMs: 60_000 };

describe('availabilityOf', () => {
  it('is offline without a live connection, whatever the agent chose', () => {
    expect(availabilityOf({ manualStatus: 'online' }, undefined, settings, 0)).toBe('offline');
    expect(availabilityOf({ manualStatus: 'online' }, { connections: 0, lastActiveMs: 0 }, settings, 0)).toBe('offline');
  });

  it('follows the agent choice of away and offline while connected', () => {
    const live = { connections: 2, lastActiveMs: 1_000 };
    expect(availabilityOf({ manualStatus: 'away' }, live, settings, 1_000)).toBe('away');
    expect(availabilityOf({ manualStatus: 'offline' }, live, settings, 1_000)).toBe('offline');
    expect(availabilityOf({ manualStatus: 'online' }, live, settings, 1_000)).toBe('online');
  });

  it('turns away after the idle time and back online on activity', () => {
    expect(availabilityOf({ manualStatus: 'online' }, { connections: 1, lastActiveMs: 0 }, settings, 60_001)).toBe('away');
    expect(availabilityOf({ manualStatus: 'online' }, { connections: 1, lastActiveMs: 60_000 }, settings, 60_001)).toBe('online');
  });
});

describe('effectiveCapacity', () => {
  it('uses the agent capacity when set, else the tenant default', () => {
    expect(effectiveCapacity({ capacity: 2 }, { defaultCapacity: 5 })).toBe(2);
    expect(effectiveCapacity({ capacity: 0 }, { defaultCapacity: 5 })).toBe(0);
    expect(effectiveCapacity({ capacity: null }, { defaultCapacity: 5 })).toBe(5);
  });
});
