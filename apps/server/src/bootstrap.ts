// First start on an empty store: a demo tenant, a website inbox and an admin account.
import { randomBytes } from 'node:crypto';
import { hashPassword } from './auth/password.js';
import { newWidgetKey } from './commands/manage-tenant.js';
import type { Store } from './ports/store.js';

export interface BootstrapResult {
  /** True when this start created the demo tenant. */
  created: boolean;
  adminEmail: string;
  /** Set only when this start generated the password; it is shown once. */
  generatedPassword: string | null;
  widgetKey: string | null;
}

export async function bootstrap(store: Store, admin: { email: string; password: string | null }): Promise<BootstrapResult> {
  const tenants = await store.listTenants();
  if (tenants.length > 0) {
    const inboxes = await store.listInboxes(tenants[0]!.id);
    return { created: false, adminEmail: admin.email, generatedPassword: null, widgetKey: inboxes[0]?.widgetKey ?? null };
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
  return { created: true, adminEmail: admin.email, generatedPassword, widgetKey: inbox.widgetKey };
}
