// Size limits of protocol v1 frames and fields, in one place so the server, the SDKs and the docs agree.

/** Largest frame a server accepts by default, in UTF-8 bytes (PROTOCOL.md: 64 KiB). */
export const DEFAULT_MAX_FRAME_BYTES = 65_536;

/**
 * Field limits the client frame parser enforces; a value outside them is
 * refused with `bad_frame`. Lengths count UTF-16 code units, as JavaScript's
 * `length` does, so an SDK in any language must count the same way.
 */
export const FIELD_LIMITS = Object.freeze({
  /** `send.id`, the idempotency key of a send: 1..64 characters. */
  clientMsgIdChars: 64,
  /** Conversation ids in `conv` fields and `resume` keys: 1..64 characters. */
  convIdChars: 64,
  /** Each id in `send.attachments`: 1..64 characters. */
  attachmentIdChars: 64,
  /** Ids in one `send.attachments`. */
  attachmentsPerSend: 20,
  /** `hello.widgetKey` of a visitor: 1..128 characters. */
  widgetKeyChars: 128,
  /** `hello.visitorToken`: at most 512 characters. */
  visitorTokenChars: 512,
  /** `hello.token` of an agent: 1..2048 characters. */
  agentTokenChars: 2048,
  /** `hello.user.id`: 1..256 characters. */
  userIdChars: 256,
  /** `hello.user.name`: at most 256 characters. */
  userNameChars: 256,
  /** `hello.user.email`: at most 320 characters, the longest address RFC 5321 allows. */
  userEmailChars: 320,
  /** `hello.user.hash`: at most 128 characters. */
  userHashChars: 128,
  /** Conversations in one `hello.resume`. */
  resumeConversations: 1000,
  /** Highest `sync.limit`, in entries. */
  syncLimitMax: 1000,
});
