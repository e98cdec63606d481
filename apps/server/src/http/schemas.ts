// JSON schemas shared by routes; they validate requests and document responses in OpenAPI.
// Response objects allow additional properties, so that serialization never drops a field.

export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
} as const;

const open = (properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: true, properties }) as const;

export const participantSchema = open({ role: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' } });

export const conversationSchema = open({
  id: { type: 'string' },
  status: { type: 'string', enum: ['bot', 'queued', 'open', 'resolved'] },
  assignee: { type: ['string', 'null'] },
  team: { type: ['string', 'null'] },
  lastSeq: { type: 'integer' },
  inbox: { type: 'string' },
  contact: { type: 'string' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
});

export const entrySchema = open({
  msgId: { type: 'string' },
  conv: { type: 'string' },
  seq: { type: 'integer' },
  kind: { type: 'string' },
  text: { type: 'string' },
  from: participantSchema,
  at: { type: 'string' },
  data: { type: ['object', 'null'], additionalProperties: true },
  clientMsgId: { type: 'string' },
});

export const agentSchema = open({
  id: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string', enum: ['admin', 'agent'] },
  createdAt: { type: 'string' },
});

export const inboxSchema = open({
  id: { type: 'string' },
  name: { type: 'string' },
  widgetKey: { type: 'string' },
  identitySecret: { type: 'string' },
  requireIdentity: { type: 'boolean' },
  settings: { type: 'object', additionalProperties: true },
  createdAt: { type: 'string' },
});

export const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 64 } }, required: ['id'] } as const;

export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema } as const;
