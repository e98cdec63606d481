// The bot over REST: its configuration, versions and rollback, a "try it" box, unanswered questions, and turn traces.
// Agents may read; changes are the admins'. The knowledge base itself is in bot-kb-routes.
import type { FastifyInstance } from 'fastify';
import type { BrainRegistry } from '../../bot/brain-registry.js';
import { convertUnanswered, dismissUnanswered, unansweredGroups } from '../../commands/bot-unanswered.js';
import { loadVisibleConversation } from '../../commands/load-conversation.js';
import { AppError } from '../../domain/app-error.js';
import type { BotConfig, KbEntry } from '../../domain/bot.js';
import { initialDialogueState } from '../../dialogue/decision.js';
import { MAX_MESSAGE_CHARS } from '../../dialogue/engine.js';
import type { Store } from '../../ports/store.js';
import type { RequestAuth } from '../request-auth.js';
import { errors, idParams } from '../schemas.js';
import { botErrors, botKbRoutes, entrySchema, published, versionSchema } from './bot-kb-routes.js';

const anyObject = { type: 'object', additionalProperties: true } as const;
const anyList = { type: 'array', items: {} } as const;
const configSchema = {
  type: 'object',
  properties: { version: { type: ['integer', 'null'] }, settings: anyObject, rules: anyList, flows: anyList, decision: anyObject },
} as const;
const questionIds = { type: 'array', minItems: 1, maxItems: 1_000, items: { type: 'string', maxLength: 64 } } as const;

type ConfigPart = Partial<Pick<BotConfig, 'settings' | 'rules' | 'flows' | 'decision'>>;

export function botRoutes(app: FastifyInstance, deps: { store: Store; brains: BrainRegistry }, auth: RequestAuth): void {
  const { store, brains } = deps;
  const tags = ['bot'];
  botKbRoutes(app, brains, auth);

  app.get(
    '/api/v1/bot/config',
    { schema: { summary: 'The active version’s settings, rules, flows and decision thresholds', tags, response: { 200: configSchema, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      const { version, config } = await brains.activeConfig(me.tenantId);
      return { version, settings: config.settings, rules: config.rules, flows: config.flows, decision: config.decision };
    },
  );

  app.put<{ Body: ConfigPart & { note?: string } }>(
    '/api/v1/bot/config',
    {
      schema: {
        summary:
          'Change the bot (admin): each of settings, rules, flows, decision present replaces that part (settings over the defaults); ' +
          'the knowledge base stays. Validated whole, trained, then a new version',
        tags,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { settings: anyObject, rules: anyList, flows: anyList, decision: anyObject, note: { type: 'string', maxLength: 500 } },
        },
        response: { 200: { type: 'object', properties: { version: versionSchema } }, ...botErrors },
      },
    },
    async (request) => {
      const me = await auth.admin(request);
      const { note, ...parts } = request.body;
      const outcome = await brains.update(me.tenantId, (config) => ({ ...config, ...parts }), me.agentId, note ?? 'changed the configuration');
      return { version: published(outcome) };
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/bot/versions',
    {
      schema: {
        summary: 'Bot versions, newest first, the active one marked',
        tags,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } },
        response: { 200: { type: 'object', properties: { versions: { type: 'array', items: versionSchema } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      return { versions: await brains.versions(me.tenantId, request.query.limit ?? 100) };
    },
  );

  app.post<{ Params: { n: number } }>(
    '/api/v1/bot/versions/:n/activate',
    {
      schema: {
        summary: 'Roll back (or forward) to a version (admin): it answers again on every node',
        tags,
        params: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, required: ['n'] },
        response: { 200: { type: 'object', properties: { version: versionSchema } }, ...botErrors },
      },
    },
    async (request) => {
      const me = await auth.admin(request);
      const version = await brains.rollback(me.tenantId, request.params.n);
      if (!version) throw new AppError('not_found', `no bot version ${request.params.n}`);
      return { version };
    },
  );

  app.post<{ Body: { text: string } }>(
    '/api/v1/bot/try',
    {
      schema: {
        summary: 'Ask the active bot a question as a new visitor would, and see its decision with the trace; nothing is stored',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: MAX_MESSAGE_CHARS } }, required: ['text'] },
        response: {
          200: {
            type: 'object',
            properties: { version: { type: 'integer' }, decision: anyObject, answer: { type: ['string', 'null'] }, entry: { ...entrySchema, type: ['object', 'null'] }, trace: anyObject },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const brain = await brains.current(me.tenantId);
      if (!brain) throw new AppError('not_found', 'the bot has no version yet: import a knowledge base first');
      const { decision, trace } = await brain.engine.understand(request.body.text, initialDialogueState);
      const entry: KbEntry | null = decision.kind === 'answer' ? (brain.engine.entry(decision.entryId) ?? null) : null;
      return { version: brain.version, decision, answer: entry?.answer ?? null, entry, trace };
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/api/v1/bot/unanswered',
    {
      schema: {
        summary: 'Questions the bot could not answer, grouped by likeness, most asked first',
        tags,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
        response: {
          200: {
            type: 'object',
            properties: {
              groups: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    text: { type: 'string' },
                    count: { type: 'integer' },
                    questionIds: { type: 'array', items: { type: 'string' } },
                    variants: { type: 'array', items: { type: 'string' } },
                    conversationIds: { type: 'array', items: { type: 'string' } },
                    lastAskedAt: { type: 'string' },
                    bestGuess: { type: ['object', 'null'], additionalProperties: true },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      return { groups: await unansweredGroups(store, await auth.agent(request), request.query.limit ?? 50) };
    },
  );

  app.post<{ Body: { questionIds: string[]; entry: Record<string, unknown> } }>(
    '/api/v1/bot/unanswered/convert',
    {
      schema: {
        summary:
          'Make unanswered questions a new entry (admin): `entry` needs id, question and answer; its similar questions default to the ' +
          'questions’ wordings. A new bot version; the questions leave the list',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { questionIds, entry: anyObject }, required: ['questionIds', 'entry'] },
        response: { 201: { type: 'object', properties: { entry: entrySchema, version: versionSchema, resolved: { type: 'integer' } } }, ...botErrors },
      },
    },
    async (request, reply) => {
      const me = await auth.admin(request);
      const { outcome, entry, resolved } = await convertUnanswered(deps, me, request.body.questionIds, request.body.entry);
      return reply.code(201).send({ entry, version: published(outcome), resolved });
    },
  );

  app.post<{ Body: { questionIds: string[] } }>(
    '/api/v1/bot/unanswered/dismiss',
    {
      schema: {
        summary: 'Take questions off the unanswered list without an entry (admin)',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { questionIds }, required: ['questionIds'] },
        response: { 200: { type: 'object', properties: { dismissed: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => {
      return { dismissed: await dismissUnanswered(store, await auth.admin(request), request.body.questionIds) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/conversations/:id/bot-turns',
    {
      schema: {
        summary: 'The bot’s turns in a conversation, oldest first: why it answered what it did',
        tags: ['conversations', ...tags],
        params: idParams,
        response: { 200: { type: 'object', properties: { turns: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const conversation = await loadVisibleConversation(store, me, request.params.id);
      return { turns: await store.listBotTurns(me.tenantId, conversation.id) };
    },
  );
}
