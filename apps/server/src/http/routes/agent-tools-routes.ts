// What agents work with besides conversations, over REST: canned responses, labels, contacts,
// custom fields, blocked IPs, search, and satisfaction ratings. One entry point for http-app.
import type { FastifyInstance } from 'fastify';
import type { TokenSigner } from '../../auth/tokens.js';
import type { CommandContext } from '../../commands/context.js';
import type { RequestAuth } from '../request-auth.js';
import { blockedIpRoutes } from './blocked-ip-routes.js';
import { cannedResponseRoutes } from './canned-response-routes.js';
import { contactRoutes } from './contact-routes.js';
import { csatRoutes } from './csat-routes.js';
import { customFieldRoutes } from './custom-field-routes.js';
import { labelRoutes } from './label-routes.js';
import { searchRoutes } from './search-routes.js';

export function agentToolsRoutes(app: FastifyInstance, ctx: CommandContext & { signer: TokenSigner }, auth: RequestAuth): void {
  cannedResponseRoutes(app, ctx, auth);
  labelRoutes(app, ctx, auth);
  contactRoutes(app, ctx, auth);
  customFieldRoutes(app, ctx, auth);
  blockedIpRoutes(app, ctx, auth);
  searchRoutes(app, ctx, auth);
  csatRoutes(app, ctx, auth);
}
