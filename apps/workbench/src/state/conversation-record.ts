// A conversation as the workbench lists it: the fields of REST conversations and `conv` frames.
import type { ConversationStatus, ConversationView } from '@kefu/protocol';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface ConversationRecord {
  id: string;
  status: ConversationStatus;
  assignee: string | null;
  team: string | null;
  lastSeq: number;
  inbox: string;
  contact: string;
  priority: Priority;
  pendingTransferTo: string | null;
  labels: string[];
  queuedAt: string | null;
  assignedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
}

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Reads a REST conversation or a `conv` frame's view; unknown or missing fields get defaults. */
export function toRecord(view: ConversationView): ConversationRecord {
  const priority = PRIORITIES.includes(view.priority as Priority) ? (view.priority as Priority) : 'normal';
  return {
    id: view.id,
    status: view.status,
    assignee: view.assignee ?? null,
    team: view.team ?? null,
    lastSeq: typeof view.lastSeq === 'number' ? view.lastSeq : 0,
    inbox: str(view.inbox) ?? '',
    contact: str(view.contact) ?? '',
    priority,
    pendingTransferTo: str(view.pendingTransferTo),
    labels: Array.isArray(view.labels) ? view.labels.filter((l): l is string => typeof l === 'string') : [],
    queuedAt: str(view.queuedAt),
    assignedAt: str(view.assignedAt),
    createdAt: str(view.createdAt) ?? '',
    updatedAt: str(view.updatedAt) ?? '',
    lastMessageAt: str(view.lastMessageAt),
  };
}
