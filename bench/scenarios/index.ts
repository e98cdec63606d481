// The suite, in the order it runs. A new scenario (B8 reconnect storm, B9 fan-out, B10 slow
// consumers, B11 soak, B12 bot …) is one more file in this folder and one more line here.
import type { Scenario } from '../lib/result.js';
import { b1IdleMemory } from './b1-idle-memory.js';
import { b2MaxSockets } from './b2-max-sockets.js';
import { b3ConnectRate } from './b3-connect-rate.js';
import { b4DurableSend } from './b4-durable-send.js';
import { b6TypingRelay } from './b6-typing-relay.js';
import { b7MaxDurableRate } from './b7-max-durable-rate.js';
import { b8ReconnectStorm } from './b8-reconnect-storm.js';
import { b9FanOut } from './b9-fan-out.js';
import { b10SlowConsumers } from './b10-slow-consumers.js';
import { b12BotReplies } from './b12-bot-replies.js';
import { botSpeed } from './bot-speed.js';

// Most important first: when the time budget runs short, the runner skips from the end.
export const SCENARIOS: Scenario[] = [b4DurableSend, b1IdleMemory, b6TypingRelay, b7MaxDurableRate, b3ConnectRate, b8ReconnectStorm, b9FanOut, b10SlowConsumers, b12BotReplies, b2MaxSockets, botSpeed];
