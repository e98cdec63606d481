// Which flow, if any, handles a visitor's message: the one under way (unless the visitor asks for
// a person), or one the message or the matched entry starts.
import type { Contact } from '../domain/model.js';
import type { DialogueSnapshot } from '../domain/bot.js';
import type { Understanding } from '../dialogue/engine.js';
import { runFlow, triggeredFlow, type FlowResult, type FlowRuntime, type FlowState } from '../dialogue/flows/run-flow.js';
import type { FlowDefinition } from '../dialogue/flows/validate.js';
import type { Brain } from './brain.js';
import type { BotReply } from './compose-reply.js';

export interface FlowTurn {
  readonly flowId: string;
  readonly replies: readonly BotReply[];
  readonly actions: FlowResult['actions'];
  /** Null once the flow ended or handed over. */
  readonly state: FlowState | null;
  readonly steps: readonly string[];
  readonly handoff?: { readonly reason: 'flow'; readonly team: string | null; readonly summary: string };
}

export interface FlowTurnInput {
  readonly brain: Brain;
  readonly snapshot: DialogueSnapshot;
  readonly understanding: Understanding;
  readonly text: string;
  readonly contact: Contact | null;
}

export class FlowDriver {
  constructor(private readonly runtime: () => FlowRuntime) {}

  async turn(input: FlowTurnInput): Promise<FlowTurn | null> {
    const { flows } = input.brain;
    if (flows.size === 0) return null;
    const decision = input.understanding.decision;
    // Asking for a person, or a topic the bot must not touch, ends any flow: people take over.
    const interrupts = decision.kind === 'handoff' && (decision.reason === 'asked_for_human' || decision.reason === 'restricted_topic');
    const current = input.snapshot.flow;
    if (current && !interrupts) {
      const flow = flows.get(current.flowId);
      if (flow) return this.run(flow, current.state as FlowState, input);
    }
    if (decision.kind === 'handoff') return null;
    const flow = triggeredFlow([...flows.values()], {
      ...(decision.kind === 'answer' ? { entryId: decision.entryId } : {}),
      normalizedText: input.understanding.trace.normalized,
    });
    return flow ? this.run(flow, null, input) : null;
  }

  private async run(flow: FlowDefinition, state: FlowState | null, input: FlowTurnInput): Promise<FlowTurn> {
    const contact = input.contact;
    const result = await runFlow(flow, state, { text: input.text, contact: { name: contact?.name ?? null, email: contact?.email ?? null, attributes: contact?.attributes ?? {} } }, this.runtime());
    const handoff = result.actions.find((a) => a.kind === 'handoff');
    return {
      flowId: flow.id,
      replies: result.replies.map((r) => ({ text: r.text, ...(r.data?.quickReplies ? { quickReplies: r.data.quickReplies } : {}), ...(r.data?.card ? { card: r.data.card } : {}) })),
      actions: result.actions,
      state: result.state,
      steps: result.steps,
      ...(handoff?.kind === 'handoff' ? { handoff: { reason: 'flow' as const, team: handoff.team, summary: handoff.summary } } : {}),
    };
  }
}
