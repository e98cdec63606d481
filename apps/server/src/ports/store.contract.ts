// The one contract every Store adapter runs: each guarantee stated in the port's doc comments, tested.
// The parts live in store-*.contract.ts, one per aggregate.
import { describe } from 'vitest';
import { describeAgentContract } from './store-agents.contract.js';
import { describeBlockedIpContract } from './store-blocked-ips.contract.js';
import { describeBotContract } from './store-bot.contract.js';
import { describeCannedResponseContract } from './store-canned.contract.js';
import { describeContactContract } from './store-contacts.contract.js';
import { describeConversationListContract } from './store-conversations.contract.js';
import { describeCsatContract } from './store-csat.contract.js';
import { describeCursorContract } from './store-cursors.contract.js';
import { describeCustomFieldContract } from './store-custom-fields.contract.js';
import { describeIsolationContract } from './store-isolation.contract.js';
import { describeLabelContract } from './store-labels.contract.js';
import { describeRoutingContract } from './store-routing.contract.js';
import { describeSearchContract } from './store-search.contract.js';
import { useStoreTest, type MakeStore } from './store-support.contract.js';
import { describeTeamContract } from './store-teams.contract.js';
import { describeTenantContract } from './store-tenants.contract.js';
import { describeTimelineContract } from './store-timeline.contract.js';
import { describeTransitionContract } from './store-transition.contract.js';
import { describeUploadContract } from './store-uploads.contract.js';

export type { MakeStore } from './store-support.contract.js';

export function describeStoreContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    const t = useStoreTest(makeStore);
    describeTenantContract(t);
    describeTeamContract(t);
    describeContactContract(t);
    describeAgentContract(t);
    describeTimelineContract(t);
    describeTransitionContract(t);
    describeConversationListContract(t);
    describeRoutingContract(t);
    describeCursorContract(t);
    describeIsolationContract(t);
    describeCannedResponseContract(t);
    describeLabelContract(t);
    describeCustomFieldContract(t);
    describeBlockedIpContract(t);
    describeCsatContract(t);
    describeSearchContract(t);
    describeUploadContract(t);
    describeBotContract(t);
  });
}
