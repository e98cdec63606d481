// Custom contact fields over REST: admins define them, every agent reads them.
import type { FastifyInstance } from 'fastify';
import type { CommandContext } from '../../commands/context.js';
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField, type FieldType } from '../../commands/custom-fields.js';
import type { CustomField } from '../../domain/model.js';
import type { RequestAuth } from '../request-auth.js';
import { errors } from '../schemas.js';

const key = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'the attribute key; {{contact.attributes.KEY}} in templates' } as const;
const label = { type: 'string', minLength: 1, maxLength: 200 } as const;
const type = { type: 'string', enum: ['text', 'number', 'date', 'boolean', 'list'] } as const;
const options = { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 }, maxItems: 200, description: 'the choices of a list field' } as const;
const keyParams = { type: 'object', properties: { key: { type: 'string', maxLength: 64 } }, required: ['key'] } as const;
const fieldSchema = { type: 'object', additionalProperties: true, properties: { key: { type: 'string' }, label: { type: 'string' }, type, options: { type: 'array', items: { type: 'string' } } } } as const;

const fieldView = (f: CustomField) => ({ key: f.key, label: f.label, type: f.type, options: f.options });

export function customFieldRoutes(app: FastifyInstance, ctx: CommandContext, auth: RequestAuth): void {
  const tags = ['contacts'];

  app.get(
    '/api/v1/custom-fields',
    { schema: { summary: 'Custom contact fields of the tenant', tags, response: { 200: { type: 'object', properties: { customFields: { type: 'array', items: fieldSchema } } }, ...errors } } },
    async (request) => ({ customFields: (await listCustomFields(ctx.store, await auth.agent(request))).map(fieldView) }),
  );

  app.post<{ Body: { key: string; label?: string; type: FieldType; options?: string[] } }>(
    '/api/v1/custom-fields',
    {
      schema: {
        summary: 'Define a custom contact field (admin): text, number, date, boolean, or list with options; a taken key answers 409',
        tags,
        body: { type: 'object', additionalProperties: false, properties: { key, label, type, options }, required: ['key', 'type'] },
        response: { 201: fieldSchema, 409: errors[400], ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(fieldView(await createCustomField(ctx.store, await auth.admin(request), request.body))),
  );

  app.patch<{ Params: { key: string }; Body: { label?: string; type?: FieldType; options?: string[] } }>(
    '/api/v1/custom-fields/:key',
    {
      schema: {
        summary: 'Change a custom field’s label, type or options (admin); stored values are checked on their next change',
        tags,
        params: keyParams,
        body: { type: 'object', additionalProperties: false, properties: { label, type, options } },
        response: { 200: fieldSchema, ...errors },
      },
    },
    async (request) => fieldView(await updateCustomField(ctx.store, await auth.admin(request), request.params.key, request.body)),
  );

  app.delete<{ Params: { key: string } }>(
    '/api/v1/custom-fields/:key',
    { schema: { summary: 'Delete a custom field (admin); contacts keep their values, untyped', tags, params: keyParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      await deleteCustomField(ctx.store, await auth.admin(request), request.params.key);
      return reply.code(204).send();
    },
  );
}
