// LlmClient port over the OpenAI-compatible chat-completions API (served by many local and hosted model servers).
import type { ChatMessage, LlmClient } from '../ports/llm.js';

export interface OpenAiCompatibleOptions {
  /** Base URL, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended unless already there. */
  readonly url: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer <key>` when set. */
  readonly key: string | null;
}

/** The transport failed or the server answered something other than a chat completion. */
export class LlmRequestError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'LlmRequestError';
  }
}

export class OpenAiCompatibleLlm implements LlmClient {
  private readonly endpoint: string;

  constructor(private readonly options: OpenAiCompatibleOptions) {
    const base = options.url.replace(/\/+$/, '');
    this.endpoint = base.endsWith('/chat/completions') ? base : `${base}/chat/completions`;
  }

  async complete(messages: readonly ChatMessage[], options: { readonly signal: AbortSignal; readonly maxTokens: number }): Promise<string> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.options.key ? { authorization: `Bearer ${this.options.key}` } : {}),
        },
        // Temperature 0: the same question about the same entries should get the same reply.
        body: JSON.stringify({ model: this.options.model, messages, temperature: 0, max_tokens: options.maxTokens, stream: false }),
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal.aborted) throw error;
      throw new LlmRequestError(`chat completion request failed: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) {
      // The body of an error may be large or hold the prompt; the status is what an operator needs.
      await response.body?.cancel();
      throw new LlmRequestError(`chat completion answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new LlmRequestError('chat completion reply has no choices[0].message.content');
    return content;
  }
}
