import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.maxFrameBytes).toBe(65_536);
    expect(config.heartbeatMs).toBe(25_000);
    expect(config.wsDeflate).toBe(false);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.commitGatherMs).toBe(1);
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ KEFU_PORT: 'eighty', KEFU_HEARTBEAT_MS: '-1', KEFU_WS_DEFLATE: 'maybe', KEFU_LOG_LEVEL: 'loud' });
      expect.fail('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/KEFU_PORT=eighty/);
      expect(problems.join('\n')).toMatch(/KEFU_LOG_LEVEL=loud/);
    }
  });

  it('is frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads a JSON file and lets the environment win over it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-config-'));
    const file = path.join(dir, 'kefu.json');
    writeFileSync(file, JSON.stringify({ KEFU_PORT: 9001, KEFU_HEARTBEAT_MS: 1000 }));
    const config = loadConfig({ KEFU_CONFIG_FILE: file, KEFU_PORT: '9002' });
    expect(config.port).toBe(9002);
    expect(config.heartbeatMs).toBe(1000);
  });

  it('refuses unknown keys in the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-config-'));
    const file = path.join(dir, 'kefu.json');
    writeFileSync(file, JSON.stringify({ PORT: 1 }));
    expect(() => loadConfig({ KEFU_CONFIG_FILE: file })).toThrow(/unknown key PORT/);
  });

  it('reads flow secrets as a frozen object, and reports bad ones without echoing any value', () => {
    const config = loadConfig({ KEFU_FLOW_SECRETS: '{"demoOrdersToken":"tok-123","crm":"abc"}' });
    expect(config.flowSecrets).toEqual({ demoOrdersToken: 'tok-123', crm: 'abc' });
    expect(Object.isFrozen(config.flowSecrets)).toBe(true);
    expect(loadConfig({}).flowSecrets).toEqual({});
    const problems = (env: string): string[] => {
      try {
        loadConfig({ KEFU_FLOW_SECRETS: env });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems('{"token": "hunter2"')).toEqual([expect.stringMatching(/^KEFU_FLOW_SECRETS: not valid JSON/)]);
    expect(problems('["hunter2"]')).toEqual(['KEFU_FLOW_SECRETS: expected a JSON object of name → string']);
    expect(problems('{"token": 42, "bad name": "hunter2"}')).toHaveLength(2);
    expect(problems('{"token": "hunter2"').join()).not.toMatch(/hunter2/);
  });

  it('documents every variable it reads in docs/configuration.md', () => {
    const source = readFileSync(new URL('./config.ts', import.meta.url), 'utf8');
    const docs = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const names = new Set(source.match(/KEFU_[A-Z_]+/g));
    expect(names.size).toBeGreaterThan(15);
    const missing = [...names].filter((n) => !docs.includes(`\`${n}\``));
    expect(missing).toEqual([]);
  });

  it('reads the bot encoder and LLM, off by default', () => {
    expect(loadConfig({})).toMatchObject({ botEncoder: null, botLlm: null });
    expect(loadConfig({ KEFU_BOT_ENCODER: 'use-lite' }).botEncoder).toEqual({ kind: 'use-lite' });
    expect(loadConfig({ KEFU_BOT_ENCODER: 'onnx:models/minilm' }).botEncoder).toEqual({ kind: 'onnx', dir: path.resolve('models/minilm') });
    const llm = loadConfig({ KEFU_BOT_LLM_URL: 'http://127.0.0.1:11434/v1/', KEFU_BOT_LLM_MODEL: 'qwen2.5' }).botLlm;
    expect(llm).toEqual({ url: 'http://127.0.0.1:11434/v1', model: 'qwen2.5', key: null, timeoutMs: 4000 });
  });

  it('refuses an unknown encoder and an LLM URL without a model', () => {
    expect(() => loadConfig({ KEFU_BOT_ENCODER: 'bert' })).toThrow(/KEFU_BOT_ENCODER: expected use-lite or onnx:/);
    expect(() => loadConfig({ KEFU_BOT_LLM_URL: 'http://127.0.0.1:1/v1' })).toThrow(/KEFU_BOT_LLM_MODEL: required/);
  });
});
