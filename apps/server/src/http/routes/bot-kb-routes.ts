// The knowledge base over REST: entries one by one, import (JSON or CSV, replace or merge, all or nothing) and export.
// Every change stores a new bot version and swaps the trained bot in.
import type { FastifyInstance } from 'fastify';
import type { BrainRegistry, PublishOutcome, VersionSummary } from '../../bot/brain-registry.js';
import { AppError } from '../../domain/app-error.js';
import type { AgentPrincipal } from '../../domain/principal.js';
import type { BotConfig, KbEntry } from '../../domain/bot.js';
import { formatKnowledgeBaseCsv, parseKnowledgeBaseCsv } from '../../dialogue/kb-csv.js';
import { formatIssue, parseKnowledgeBaseJson, validateKnowledgeBase, type KbParseResult } from '../../dialogue/knowledge-base.js';
import { basicNormalizer } from '../../dialogue/normalize.js';
import type { RequestAuth } from '../request-auth.js';
import { errors, errorSchema } from '../schemas.js';

/** A refused config: the usual error with every problem listed. */
export const invalidConfigSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, issues: { type: 'array', items: { type: 'string' } } },
      required: ['code', 'message'],
    },
  },
} as const;

export const botErrors = { ...errors, 400: invalidConfigSchema, 409: errorSchema, 503: errorSchema } as const;

const text = { type: 'string', minLength: 1 } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
export const entrySchema = {
  type: 'object',
  additionalProperties: true,
  properties: { id: { type: 'string' }, question: { type: 'string' }, similar: strings, answer: { type: 'string' }, tags: strings, enabled: { type: 'boolean' } },
} as const;
// Request bodies are checked by validateKnowledgeBase, which names every problem; the schema only documents.
const entryBody = { type: 'object', properties: { id: text, question: text, similar: strings, answer: text, tags: strings, enabled: { type: 'boolean' } } } as const;
export const versionSchema = {
  type: 'object',
  additionalProperties: true,
  properties: { version: { type: 'integer' }, active: { type: 'boolean' }, createdAt: { type: 'string' }, createdBy: { type: ['string', 'null'] }, note: { type: 'string' } },
} as const;
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 200 } }, required: ['id'] } as const;
const changed = { type: 'object', properties: { entry: entrySchema, version: versionSchema } } as const;

/** Import bodies can be far larger than the API's usual 1 MiB. */
const IMPORT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

/** The published version, or the refusal as a `bot_config_invalid` error. */
export function published(outcome: PublishOutcome): VersionSummary {
  if (outcome.kind === 'invalid') {
    throw new AppError('bot_config_invalid', `the bot configuration has ${outcome.issues.length} problem(s): ${outcome.issues.slice(0, 3).join('; ')}`, {
      details: { issues: outcome.issues },
    });
  }
  return outcome.version;
}

function refused(result: Extract<KbParseResult, { ok: false }>, unit: 'entry' | 'line'): AppError {
  const issues = result.issues.map((i) => (i.position === 0 ? `${i.field} ${i.message}` : formatIssue(i, unit)));
  return new AppError('bot_config_invalid', `the import has ${issues.length} problem(s); nothing was changed: ${issues.slice(0, 3).join('; ')}`, { details: { issues } });
}

/** One entry checked as the import format would check it. */
function checkedEntry(raw: unknown): KbEntry {
  const result = validateKnowledgeBase([raw]);
  if (!result.ok) throw refused(result, 'entry');
  return result.entries[0]!;
}

const withEntries = (config: BotConfig, entries: readonly KbEntry[]): BotConfig => ({ ...config, entries });
const notFound = (id: string): AppError => new AppError('not_found', `no knowledge-base entry ${JSON.stringify(id)}`);

function matches(e: KbEntry, query: string, tag: string | undefined): boolean {
  if (tag !== undefined && !(e.tags ?? []).includes(tag)) return false;
  if (query === '') return true;
  return [e.id, e.question, ...e.similar, e.answer].some((t) => basicNormalizer.full(t).includes(query));
}

export function botKbRoutes(app: FastifyInstance, brains: BrainRegistry, auth: RequestAuth): void {
  const tags = ['bot'];
  // CSV arrives as text; the route's own body limit applies to it.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const change = async (me: AgentPrincipal, note: string, edit: (config: BotConfig) => BotConfig) =>
    published(await brains.update(me.tenantId, edit, me.agentId, note));

  app.get<{ Querystring: { q?: string; tag?: string; offset?: number; limit?: number } }>(
    '/api/v1/bot/kb/entries',
    {
      schema: {
        summary: 'Knowledge-base entries of the active version, in order; `q` searches ids, questions and answers',
        tags,
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            tag: { type: 'string', maxLength: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: { type: 'object', properties: { version: { type: ['integer', 'null'] }, total: { type: 'integer' }, entries: { type: 'array', items: entrySchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const me = await auth.agent(request);
      const { version, config } = await brains.activeConfig(me.tenantId);
      const { q = '', tag, offset = 0, limit = 50 } = request.query;
      const found = config.entries.filter((e) => matches(e, basicNormalizer.full(q), tag));
      return { version, total: found.length, entries: found.slice(offset, offset + limit) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/bot/kb/entries/:id',
    { schema: { summary: 'One knowledge-base entry', tags, params: idParams, response: { 200: entrySchema, ...errors } } },
    async (request) => {
      const me = await auth.agent(request);
      const entry = (await brains.activeConfig(me.tenantId)).config.entries.find((e) => e.id === request.params.id);
      if (!entry) throw notFound(request.params.id);
      return entry;
    },
  );

  app.post<{ Body: unknown }>(
    '/api/v1/bot/kb/entries',
    { schema: { summary: 'Add an entry (admin): a new bot version; a taken id answers 409', tags, body: entryBody, response: { 201: changed, ...botErrors } } },
    async (request, reply) => {
      const me = await auth.admin(request);
      const entry = checkedEntry(request.body);
      const version = await change(me, `added entry ${entry.id}`, (config) => {
        if (config.entries.some((e) => e.id === entry.id)) throw new AppError('conflict', `entry ${JSON.stringify(entry.id)} exists; PUT it to replace it`);
        return withEntries(config, [...config.entries, entry]);
      });
      return reply.code(201).send({ entry, version });
    },
  );

  const replace = (method: 'PUT' | 'PATCH') =>
    app.route<{ Params: { id: string }; Body: Record<string, unknown> }>({
      method,
      url: '/api/v1/bot/kb/entries/:id',
      schema: {
        summary: method === 'PUT' ? 'Replace an entry (admin): a new bot version' : 'Change some fields of an entry (admin): a new bot version',
        tags,
        params: idParams,
        body: entryBody,
        response: { 200: changed, ...botErrors },
      },
      handler: async (request) => {
        const me = await auth.admin(request);
        const { id } = request.params;
        if (request.body.id !== undefined && request.body.id !== id) throw new AppError('invalid', 'an entry keeps its id: add a new entry and delete this one to rename it');
        let entry: KbEntry | undefined;
        const version = await change(me, `changed entry ${id}`, (config) => {
          const at = config.entries.findIndex((e) => e.id === id);
          const old = config.entries[at];
          if (!old) throw notFound(id);
          entry = checkedEntry(method === 'PUT' ? { ...request.body, id } : { ...old, ...request.body, id });
          return withEntries(config, config.entries.map((e, i) => (i === at ? entry! : e)));
        });
        return { entry, version };
      },
    });
  replace('PUT');
  replace('PATCH');

  app.delete<{ Params: { id: string } }>(
    '/api/v1/bot/kb/entries/:id',
    { schema: { summary: 'Delete an entry (admin): a new bot version; rules pointing at it must go first', tags, params: idParams, response: { 200: { type: 'object', properties: { version: versionSchema } }, ...botErrors } } },
    async (request) => {
      const me = await auth.admin(request);
      const { id } = request.params;
      const version = await change(me, `deleted entry ${id}`, (config) => {
        if (!config.entries.some((e) => e.id === id)) throw notFound(id);
        return withEntries(config, config.entries.filter((e) => e.id !== id));
      });
      return { version };
    },
  );

  app.post<{ Body: unknown; Querystring: { mode?: 'replace' | 'merge'; format?: 'json' | 'csv' } }>(
    '/api/v1/bot/kb/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      schema: {
        summary:
          'Import a knowledge base (admin): a JSON array of {id, question, similar, answer, tags?} or CSV (Content-Type text/csv). ' +
          '`mode=replace` (default) makes it the whole knowledge base, `merge` adds it, replacing entries with the same id. ' +
          'All or nothing: any problem answers 400 bot_config_invalid with every problem by entry or line',
        tags,
        querystring: {
          type: 'object',
          properties: { mode: { type: 'string', enum: ['replace', 'merge'], default: 'replace' }, format: { type: 'string', enum: ['json', 'csv'] } },
        },
        response: { 200: { type: 'object', properties: { version: versionSchema, imported: { type: 'integer' }, total: { type: 'integer' } } }, ...botErrors },
      },
    },
    async (request) => {
      const me = await auth.admin(request);
      const body = request.body;
      const csv = request.query.format === 'csv' || (request.query.format === undefined && /^text\/csv\b/i.test(request.headers['content-type'] ?? ''));
      const parsed = typeof body === 'string' ? (csv ? parseKnowledgeBaseCsv(body) : parseKnowledgeBaseJson(body)) : csv ? null : validateKnowledgeBase(body);
      if (!parsed) throw new AppError('invalid', 'send CSV as text (Content-Type: text/csv)');
      if (!parsed.ok) throw refused(parsed, csv ? 'line' : 'entry');
      const incoming = parsed.entries;
      const mode = request.query.mode ?? 'replace';
      let total = 0;
      const version = await change(me, `imported ${incoming.length} entries (${mode})`, (config) => {
        const byId = new Map(incoming.map((e) => [e.id, e]));
        const kept = new Set(config.entries.map((e) => e.id));
        // Merge: an entry with a known id takes the old one's place; new ones go to the end.
        const entries = mode === 'replace' ? incoming : [...config.entries.map((e) => byId.get(e.id) ?? e), ...incoming.filter((n) => !kept.has(n.id))];
        total = entries.length;
        return withEntries(config, entries);
      });
      return { version, imported: incoming.length, total };
    },
  );

  app.get<{ Querystring: { format?: 'json' | 'csv' } }>(
    '/api/v1/bot/kb/export',
    {
      schema: {
        summary: 'Export the knowledge base of the active version as JSON (the import format) or CSV',
        tags,
        querystring: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'csv'], default: 'json' } } },
        response: errors,
      },
    },
    async (request, reply) => {
      const me = await auth.agent(request);
      const { version, config } = await brains.activeConfig(me.tenantId);
      const csv = request.query.format === 'csv';
      const name = `knowledge-base-v${version ?? 0}.${csv ? 'csv' : 'json'}`;
      void reply.header('content-disposition', `attachment; filename="${name}"`);
      if (csv) return reply.type('text/csv; charset=utf-8').send(formatKnowledgeBaseCsv(config.entries));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(config.entries, null, 2));
    },
  );
}
