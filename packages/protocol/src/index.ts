// @kefu/protocol: the wire contract of Kefu v1 (PROTOCOL.md) as types, limits, parsers and codes.
export * from './frames.js';
export * from './codes.js';
export * from './limits.js';
export * from './parse-client-frame.js';
export * from './parse-server-frame.js';
