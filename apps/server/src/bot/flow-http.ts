// The production FlowRuntime: flows' business calls over global fetch, with a timeout and a cap on what is read.
import type { FlowHttpRequest, FlowRuntime } from '../dialogue/flows/run-flow.js';

/** Bytes of a response body a flow reads; a larger one fails the call (the flow takes onError). */
export const MAX_FLOW_RESPONSE_BYTES = 262_144;

/**
 * Sends one request. Resolves with any status (the flow decides what a 404 means); rejects on
 * network errors, on the timeout (a `TimeoutError`) and on a body over the cap. Redirects are
 * not followed: a 3xx is an answer like any other, so a header with a secret never travels to a
 * host the flow did not name.
 */
export async function flowHttp(req: FlowHttpRequest): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(req.headers);
  if (req.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  if (!headers.has('accept')) headers.set('accept', 'application/json');
  const signal = AbortSignal.timeout(req.timeoutMs);
  const response = await fetch(req.url, {
    method: req.method,
    headers,
    redirect: 'manual',
    signal,
    ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
  });
  const text = await readCapped(response);
  return { status: response.status, body: parseBody(text, response.headers.get('content-type')) };
}

/** A runtime for the flows of a server reachable at `baseUrl` (`{{env.baseUrl}}`), with the configured secrets. */
export function createFlowRuntime(options: { baseUrl: string; secrets: Readonly<Record<string, string>> }): FlowRuntime {
  return { http: flowHttp, secrets: options.secrets, env: Object.freeze({ baseUrl: options.baseUrl.replace(/\/+$/, '') }) };
}

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_FLOW_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new Error(`response larger than ${MAX_FLOW_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON when it parses (whatever the content type claims), else the text itself; empty is null. */
function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return contentType?.includes('json') ? null : text;
  }
}
