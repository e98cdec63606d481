// A chat-completion language model behind a port, so the bot can ask one about its uncertain messages when configured.

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** One model, asked one question at a time. */
export interface LlmClient {
  /**
   * The model's reply to the conversation, as text. One request, no retries: the caller has a
   * latency budget and its own answer to fall back on. Rejects on a transport error, a non-2xx
   * status or a reply without text, and as soon as `signal` aborts (the request is cancelled).
   */
  complete(messages: readonly ChatMessage[], options: { readonly signal: AbortSignal; readonly maxTokens: number }): Promise<string>;
}
