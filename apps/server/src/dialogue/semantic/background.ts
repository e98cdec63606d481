// Off-topic sentences learned as one extra class, so that chit-chat has somewhere to go besides a real entry.
//
// A softmax over the entries alone must give all of its mass to some entry, and with a small
// knowledge base "what is the capital of France" lands on "what is the warranty period".
// Training one more class on generic off-topic text (CLINC150's oos_train plays that role on
// the benchmark) takes that mass away from the entries. The sentences are generic on purpose:
// weather, trivia, entertainment, small talk, never anything a shop or bank would answer.

export const BACKGROUND_SENTENCES: readonly string[] = [
  '明天会下雨吗', '北京现在多少度', '这周末天气好不好', '给我讲个故事', '说个冷笑话吧', '你是男的还是女的',
  '你今年几岁了', '你叫什么名字', '你吃饭了吗', '你会唱歌吗', '陪我聊聊天', '我今天心情不错', '今天星期几',
  '现在几点了', '中国的首都是哪里', '地球到月亮有多远', '一加一等于几', '帮我算一下二十乘以三十', '推荐一首好听的歌',
  '最近有什么好看的电视剧', '周杰伦的新歌叫什么', '昨晚的球赛谁赢了', '红烧肉怎么做', '附近有什么好吃的', '去哪里旅游比较好',
  '帮我写一首诗', '翻译一下这句话', '谁是世界上最高的人', '恐龙是怎么灭绝的', '你相信外星人吗', '猫为什么喜欢睡觉',
  '怎么减肥最快', '失眠了怎么办', '哈哈哈', '嗯嗯', '好的谢谢', '你好', '在吗', '晚安', '早上好',
  'will it rain tomorrow', 'what is the temperature outside', 'tell me a joke', 'tell me a story', 'how old are you',
  'what is your name', 'are you a robot', 'do you like music', 'sing me a song', 'i am bored', 'what day is it today',
  'what time is it', 'who is the president of the united states', 'how far is the moon', 'what is two plus two',
  'recommend a tv show', 'who won the game last night', 'how do i bake a chocolate cake', 'where should i go on vacation',
  'write me a poem', 'translate this sentence into spanish', 'who is the tallest person in the world', 'why did the dinosaurs die',
  'do you believe in aliens', 'why do cats sleep so much', 'how can i lose weight fast', 'i cannot sleep at night', 'lol',
  'ok thanks', 'hello', 'hi there', 'good morning', 'good night', 'what is the meaning of life', 'play some music',
  'set an alarm for seven', 'what is the best football team', 'how tall is mount everest', 'what movies are showing tonight',
];
