import { describe, expect, it } from 'vitest';
import { HumanRequestDetector } from './handoff-phrases.js';
import { basicNormalizer } from './normalize.js';

const detector = new HumanRequestDetector(basicNormalizer);
const detect = (text: string): string | undefined => detector.detect(basicNormalizer.full(text));

describe('HumanRequestDetector', () => {
  it.each(['人工', '转人工！', '我要人工客服', '请帮我转接人工', '找个真人跟我说', '人工啊'])('hears a request for a person in %s', (text) => {
    expect(detect(text)).toBeDefined();
  });

  it.each(['Can I talk to a human?', 'AGENT please', 'I want a real person', 'let me speak to someone'])('hears a request for a person in %s', (text) => {
    expect(detect(text)).toBeDefined();
  });

  it.each(['叫你们客服出来', '让你们经理来跟我说', '我不想跟机器人说话', '机器人听不懂，换人工', '有没有工作人员在', '你们主管呢'])(
    'hears a request for a person in %s',
    (text) => {
      expect(detect(text)).toBeDefined();
    },
  );

  it.each(['get me a manager', 'I need a supervisor', 'is there someone real there', 'I want an actual person'])('hears a request for a person in %s', (text) => {
    expect(detect(text)).toBeDefined();
  });

  it.each(['扫地机器人保修多久', '客服几点上班', '换个人收货可以吗', '经理推荐的那款还有货吗', 'I am the office manager'])('does not mistake %s for one', (text) => {
    expect(detect(text)).toBeUndefined();
  });

  it.each(['人工智能能做什么', '人工费怎么算', 'humanitarian aid', 'how long does a refund take'])('does not mistake %s for one', (text) => {
    expect(detect(text)).toBeUndefined();
  });
});
