// File uploads: POST a file (an agent, or a visitor through the widget), GET it back with a signed
// link or one's own credentials. Read as a pipeline: authenticate → stream and judge → record → present.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenSigner } from '../../auth/tokens.js';
import { authenticateVisitor } from '../../commands/authenticate-visitor.js';
import { authorizeUploadRead, type UploadAccess } from '../../commands/read-upload.js';
import { assertMayUpload, receiveFile, recordUpload, type UploadDeps } from '../../commands/upload-file.js';
import { attachmentWithLink } from '../../commands/upload-links.js';
import { AppError } from '../../domain/app-error.js';
import { contentDisposition, FILE_TYPES, fileTypeOf, type FileType } from '../../domain/file-types.js';
import type { Principal } from '../../domain/principal.js';
import type { Upload } from '../../domain/upload.js';
import { parseRange } from '../byte-range.js';
import { readOneFile } from '../multipart-file.js';
import type { RequestAuth } from '../request-auth.js';
import { errors, idParams } from '../schemas.js';

export interface UploadRouteDeps extends UploadDeps {
  signer: TokenSigner;
  /** Largest file accepted, bytes (`KEFU_UPLOAD_MAX_BYTES`). */
  uploadMaxBytes: number;
}

/** Room for the multipart framing and a few small fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const ACCEPTED = 'an image (PNG, JPEG, GIF, WebP), a PDF, plain UTF-8 text, a Word, Excel or PowerPoint document (.docx, .xlsx, .pptx), or an MP4 or WebM video';

const visitorHeaders = {
  type: 'object',
  properties: {
    'x-kefu-widget-key': { type: 'string', maxLength: 128, description: 'a visitor: the widget key of the inbox' },
    'x-kefu-visitor-token': { type: 'string', maxLength: 4096, description: "a visitor: the visitorToken of the widget's welcome" },
  },
} as const;

const attachmentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string', description: 'detected from the content' },
    size: { type: 'integer', description: 'bytes' },
    url: { type: 'string', description: 'signed link, relative to the server, valid for KEFU_UPLOAD_URL_TTL_MS' },
  },
  required: ['id', 'name', 'type', 'size', 'url'],
} as const;

export function uploadRoutes(app: FastifyInstance, deps: UploadRouteDeps, auth: RequestAuth): void {
  /** An agent by bearer token, else a visitor by widget key and visitor token. */
  const credentialsOf = async (request: FastifyRequest): Promise<Principal | null> => {
    if (request.headers.authorization !== undefined) return auth.agent(request);
    const widgetKey = single(request.headers['x-kefu-widget-key']);
    const visitorToken = single(request.headers['x-kefu-visitor-token']);
    if (widgetKey === undefined || visitorToken === undefined) return null;
    return authenticateVisitor(deps, { widgetKey, visitorToken, ip: request.ip });
  };
  const required = (principal: Principal | null): Principal => {
    if (principal) return principal;
    throw new AppError('unauthorized', 'send an agent token (Authorization: Bearer …), or the widget key and visitor token (X-Kefu-Widget-Key, X-Kefu-Visitor-Token)');
  };

  // In a scope of its own, so that only these routes take multipart bodies, which they read as
  // streams instead of letting Fastify buffer them.
  void app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));

    scope.post(
      '/api/v1/uploads',
      {
        schema: {
          summary: 'Upload one file (multipart/form-data), as an agent or a visitor; its type is judged by its content. Answers the upload with a signed link',
          tags: ['uploads'],
          headers: visitorHeaders,
          response: { 201: attachmentSchema, 413: errors[400], 415: errors[400], ...errors },
        },
      },
      async (request, reply) => {
        const principal = required(await credentialsOf(request));
        await assertMayUpload(deps.store, principal);
        const maxBodyBytes = deps.uploadMaxBytes + FORM_OVERHEAD_BYTES;
        if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) {
          // Not worth reading: close the connection rather than drain the body.
          reply.header('connection', 'close');
          throw new AppError('too_large', `the file is larger than ${deps.uploadMaxBytes} bytes`);
        }
        const { result, moreFiles } = await readOneFile(request.raw, { maxBodyBytes }, async (file) => ({
          name: file.name,
          outcome: await receiveFile(deps.blobs, file.content, deps.uploadMaxBytes),
        }));
        const { name, outcome } = result;
        if (moreFiles) {
          if (outcome.kind === 'stored') await deps.blobs.delete(outcome.blob.key);
          throw new AppError('invalid', 'send one file per request');
        }
        switch (outcome.kind) {
          case 'too_large':
            throw new AppError('too_large', `the file is larger than ${outcome.maxBytes} bytes`);
          case 'empty':
            throw new AppError('invalid', 'the file is empty');
          case 'refused':
            return reply.code(415).send({ error: { code: 'invalid', message: `this file is ${outcome.detected}, which is not accepted; send ${ACCEPTED}` } });
          case 'stored': {
            const upload = await recordUpload(deps, principal, name, outcome);
            return reply.code(201).send(attachmentWithLink(deps.urls, upload, deps.clock.now()));
          }
        }
      },
    );

    scope.get<{ Params: { id: string }; Querystring: { t?: string; exp?: string; sig?: string } }>(
      '/api/v1/uploads/:id',
      {
        schema: {
          summary: "An uploaded file's content: with the signed link of a message or upload (t, exp, sig), or with an agent token or a visitor's headers",
          tags: ['uploads'],
          params: idParams,
          headers: visitorHeaders,
          querystring: {
            type: 'object',
            properties: { t: { type: 'string', maxLength: 64 }, exp: { type: 'string', maxLength: 16 }, sig: { type: 'string', maxLength: 128 } },
          },
          response: errors,
        },
      },
      async (request, reply) => {
        const { t, exp, sig } = request.query;
        const link = t !== undefined || exp !== undefined || sig !== undefined;
        if (link && t === undefined) throw new AppError('forbidden', 'this link is not valid');
        const access: UploadAccess = link ? { kind: 'link', tenantId: t!, ...defined({ exp, sig }) } : { kind: 'principal', principal: required(await credentialsOf(request)) };
        const upload = await authorizeUploadRead(deps, access, request.params.id);
        return sendContent(deps, request, reply, upload, link);
      },
    );
  });
}

async function sendContent(deps: UploadDeps, request: FastifyRequest, reply: FastifyReply, upload: Upload, byLink: boolean): Promise<FastifyReply> {
  // A type no longer in the table is still never served as anything a browser would run.
  const fileType: FileType = fileTypeOf(upload.contentType) ?? { ...FILE_TYPES.text, mime: 'application/octet-stream', inline: false };
  const etag = `"${upload.sha256}"`;
  reply
    .header('x-content-type-options', 'nosniff')
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    // A link is a capability until it expires; with credentials, ask again each time (cheap with the ETag).
    .header('cache-control', byLink ? 'private, max-age=3600' : 'private, no-cache');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const range = parseRange(single(request.headers.range), upload.size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${upload.size}`).send({ error: { code: 'invalid', message: 'the range is outside the file' } });
  }
  const content = await deps.blobs.get(upload.blobKey, range ?? undefined);
  if (!content) throw new AppError('not_found', `the content of upload ${upload.id} is gone`);
  reply.header('content-type', fileType.mime).header('content-disposition', contentDisposition(upload.name, fileType));
  if (range) {
    reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${upload.size}`).header('content-length', range.end - range.start + 1);
  } else {
    reply.header('content-length', upload.size);
  }
  return reply.send(content);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function defined<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}
