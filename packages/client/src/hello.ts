// The hello a connection opens with: the app's base, the stored visitor token, and the
// conversations to resume, each noted as a sync the server will answer with `synced`.
import type { HelloFrame } from '@kefu/protocol';
import type { HeldConversation } from './conversation.js';
import { SyncTracker } from './sync-tracker.js';
import type { HelloBase } from './types.js';

/** A server takes at most this many conversations in one `hello.resume`. */
export const MAX_RESUME = 1000;

export interface HelloPlan {
  hello: HelloFrame;
  /** The resumes, as the syncs the new connection awaits answers to. */
  syncs: SyncTracker;
}

export function planHello(
  base: HelloBase,
  storedVisitorToken: string | undefined,
  held: Iterable<HeldConversation>,
  /** Conversations the app asked for (agents): resumed even when nothing of them is held. */
  wanted: ReadonlySet<string>,
): HelloPlan {
  const fields: Record<string, unknown> = { ...base };
  delete fields.resume;
  const hello = { ...fields, t: 'hello', v: 1 } as HelloFrame;
  if (hello.role === 'visitor' && hello.visitorToken === undefined && storedVisitorToken !== undefined) hello.visitorToken = storedVisitorToken;
  const syncs = new SyncTracker();
  const resume: Record<string, number> = {};
  let count = 0;
  for (const c of held) {
    if (count >= MAX_RESUME) break;
    // An agent follows what it opened or holds; a visitor, all of its conversations.
    if (hello.role === 'agent' && c.size === 0 && !wanted.has(c.id)) continue;
    // PROTOCOL.md: the highest seq up to which everything is held, not the highest seq held.
    resume[c.id] = c.top;
    count += 1;
    syncs.add(c.id, { after: c.top, side: false, highest: c.highestHeld });
  }
  if (count > 0) hello.resume = resume;
  return { hello, syncs };
}
