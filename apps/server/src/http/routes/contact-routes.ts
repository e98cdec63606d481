// Contacts over REST: a contact with their conversations, edits, and blocking.
import type { FastifyInstance } from 'fastify';
import { editContact, getContactWithConversations, setContactBlocked, type ContactEdit } from '../../commands/contacts.js';
import type { CommandContext } from '../../commands/context.js';
import type { Contact } from '../../domain/model.js';
import type { RequestAuth } from '../request-auth.js';
import { errors, idParams } from '../schemas.js';
import { conversationView } from '../../presenters/frames.js';
import { labelledConversationSchema } from './label-routes.js';

/** A contact's last visit (see ContactVisit); null before the widget reported a page. */
export const visitSchema = {
  type: ['object', 'null'],
  properties: {
    page: { type: 'string' },
    title: { type: ['string', 'null'] },
    referrer: { type: ['string', 'null'] },
    device: {
      type: 'object',
      properties: {
        browser: { type: ['string', 'null'] },
        browserVersion: { type: ['string', 'null'] },
        os: { type: ['string', 'null'] },
        osVersion: { type: ['string', 'null'] },
        kind: { type: 'string', enum: ['mobile', 'tablet', 'desktop'] },
      },
    },
    language: { type: ['string', 'null'] },
    at: { type: 'string' },
  },
} as const;

export const contactSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    inbox: { type: 'string' },
    externalId: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    email: { type: ['string', 'null'] },
    identityVerified: { type: 'boolean' },
    attributes: { type: 'object', additionalProperties: true },
    blocked: { type: 'boolean' },
    visit: visitSchema,
    createdAt: { type: 'string' },
  },
} as const;

export function contactView(c: Contact) {
  return {
    id: c.id,
    inbox: c.inboxId,
    externalId: c.externalId,
    name: c.name,
    email: c.email,
    identityVerified: c.identityVerified,
    attributes: c.attributes,
    blocked: c.blocked,
    visit: c.visit,
    createdAt: c.createdAt,
  };
}

export function contactRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  const tags = ['contacts'];

  app.get<{ Params: { id: string } }>(
    '/api/v1/contacts/:id',
    {
      schema: {
        summary: 'A contact with their conversations, newest activity first',
        tags,
        params: idParams,
        response: {
          200: { type: 'object', properties: { contact: contactSchema, conversations: { type: 'array', items: labelledConversationSchema } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const { contact, conversations } = await getContactWithConversations(ctx.store, await auth.agent(request), request.params.id);
      return { contact: contactView(contact), conversations: conversations.map(conversationView) };
    },
  );

  app.patch<{ Params: { id: string }; Body: ContactEdit }>(
    '/api/v1/contacts/:id',
    {
      schema: {
        summary: 'Change a contact’s name, email or attributes (merged; null removes a key; keys with a custom field must fit its type)',
        tags,
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: ['string', 'null'], maxLength: 200 },
            email: { anyOf: [{ type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 320 }, { type: 'null' }] },
            attributes: { type: 'object', additionalProperties: true, maxProperties: 100 },
          },
        },
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request) => contactView(await editContact(ctx.store, await auth.agent(request), request.params.id, request.body)),
  );

  for (const [action, blocked] of [
    ['block', true],
    ['unblock', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/v1/contacts/:id/${action}`,
      {
        schema: {
          summary: blocked
            ? 'Block a contact (any agent): their messages open no conversation and reach no agent; idempotent'
            : 'Unblock a contact (any agent); idempotent',
          tags,
          params: idParams,
          response: { 200: contactSchema, ...errors },
        },
      },
      async (request) => contactView(await setContactBlocked(ctx.store, await auth.agent(request), request.params.id, blocked)),
    );
  }
}
