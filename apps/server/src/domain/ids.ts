// Branded ids, so that a ConversationId is never passed where an AgentId belongs.

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type TenantId = Brand<string, 'TenantId'>;
export type InboxId = Brand<string, 'InboxId'>;
export type ContactId = Brand<string, 'ContactId'>;
export type AgentId = Brand<string, 'AgentId'>;
export type ConversationId = Brand<string, 'ConversationId'>;
export type EntryId = Brand<string, 'EntryId'>;
export type TeamId = Brand<string, 'TeamId'>;

/** Participant id of any role (visitor contact, agent, bot, system). */
export type ParticipantId = ContactId | AgentId | Brand<string, 'BotId'> | Brand<string, 'SystemId'>;

export const asTenantId = (s: string): TenantId => s as TenantId;
export const asInboxId = (s: string): InboxId => s as InboxId;
export const asContactId = (s: string): ContactId => s as ContactId;
export const asAgentId = (s: string): AgentId => s as AgentId;
export const asConversationId = (s: string): ConversationId => s as ConversationId;
export const asEntryId = (s: string): EntryId => s as EntryId;
export const asTeamId = (s: string): TeamId => s as TeamId;
