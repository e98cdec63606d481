// First start on an empty store: a demo tenant, a website inbox, an admin account and the demo bot.
import { randomBytes } from 'node:crypto';
import { hashPassword } from './auth/password.js';
import { readDemoBotConfig } from './bot/demo-bot.js';
import { validateBotConfig } from './bot/validate-config.js';
import type { TenantId } from './domain/ids.js';
import { newWidgetKey } from './commands/manage-tenant.js';
import type { Store } from './ports/store.js';

export interface BootstrapResult {
  /** True when this start created the demo tenant. */
  created: boolean;
  adminEmail: string;
  /** Set only when this start generated the password; it is shown once. */
  generatedPassword: string | null;
  widgetKey: string | null;
  /** Why the demo bot was not saved (its files have problems); empty when it was, or was already there. */
  demoBotIssues: string[];
}

/**
 * Saves the demo knowledge base and flows as the first bot version of a tenant that has none, so
 * a data directory made before the demo files existed gets them on its next start.
 */
async function ensureDemoBot(store: Store, tenantId: TenantId): Promise<string[]> {
  if (await store.getActiveBotVersion(tenantId)) return [];
  let raw;
  try {
    raw = await readDemoBotConfig();
  } catch (error) {
    return [`demo bot files do not parse: ${(error as Error).message}`];
  }
  if (!raw) return [];
  const checked = validateBotConfig(raw);
  if (!checked.ok) return checked.issues;
  await ensureDemoTeam(store, tenantId);
  await store.saveBotVersion(tenantId, { config: checked.config, createdBy: null, note: 'demo knowledge base' });
  return [];
}

/** The team the demo refund flow hands over to (by name). */
export const DEMO_HANDOFF_TEAM = '售后 After-sales';

/**
 * The demo's after-sales team, with the tenant's admins in it, so that a refund the demo bot hands
 * over reaches the person trying the demo.
 */
async function ensureDemoTeam(store: Store, tenantId: TenantId): Promise<void> {
  if ((await store.listTeams(tenantId)).some((t) => t.name === DEMO_HANDOFF_TEAM)) return;
  const team = await store.createTeam(tenantId, { name: DEMO_HANDOFF_TEAM, policy: 'least_busy', businessHours: null });
  for (const agent of await store.listAgents(tenantId)) {
    if (agent.role === 'admin') await store.addTeamMember(tenantId, team.id, agent.id);
  }
}

/** `demoBot`: give the demo tenant the demo bot (`KEFU_DEMO_BOT`); every caller says which. */
export async function bootstrap(store: Store, admin: { email: string; password: string | null }, options: { demoBot: boolean }): Promise<BootstrapResult> {
  const { demoBot } = options;
  const tenants = await store.listTenants();
  if (tenants.length > 0) {
    const inboxes = await store.listInboxes(tenants[0]!.id);
    const demoBotIssues = demoBot ? await ensureDemoBot(store, tenants[0]!.id) : [];
    return { created: false, adminEmail: admin.email, generatedPassword: null, widgetKey: inboxes[0]?.widgetKey ?? null, demoBotIssues };
  }
  const tenant = await store.createTenant('Demo');
  const inbox = await store.createInbox(tenant.id, {
    name: 'Website',
    widgetKey: newWidgetKey(),
    identitySecret: randomBytes(32).toString('hex'),
    requireIdentity: false,
    settings: { greeting: '您好！有什么可以帮您？ Hi! How can we help?' },
  });
  const generatedPassword = admin.password === null ? randomBytes(9).toString('base64url') : null;
  const result = await store.createAgent(tenant.id, {
    email: admin.email,
    name: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword(admin.password ?? generatedPassword!),
  });
  if (result.kind === 'email_taken') throw new Error(`admin email ${admin.email} is taken`);
  const demoBotIssues = demoBot ? await ensureDemoBot(store, tenant.id) : [];
  return { created: true, adminEmail: admin.email, generatedPassword, widgetKey: inbox.widgetKey, demoBotIssues };
}
