// The routing policies an admin picks from, and their labels.
import type { Policy } from './admin-api.js';

export const POLICIES: Policy[] = ['least_busy', 'round_robin', 'manual'];
export const POLICY_LABEL = { least_busy: 'adminPolicyLeastBusy', round_robin: 'adminPolicyRoundRobin', manual: 'adminPolicyManual' } as const;
