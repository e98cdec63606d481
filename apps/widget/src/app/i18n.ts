// The widget's words in English and Simplified Chinese, and which of the two a visitor gets.

const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  minimize: 'Minimize chat',
  chatWindow: 'Chat with {name}',
  unreadLabel: '{count} unread messages',
  newMessage: '({count}) New message',
  greeting: 'Hi there! How can we help?',
  online: 'Replies in a few minutes',
  away: 'We are away right now',
  connecting: 'Connecting…',
  reconnecting: 'Offline: messages will be sent when you are back online',
  queue: 'You are number {position} in line · about {eta}',
  minutes: '{n} min',
  lessThanMinute: 'less than a minute',
  typing: '{name} is typing…',
  someone: 'Someone',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  uploading: 'Uploading {name}…',
  tooLarge: '{name} is too large (at most {max})',
  uploadFailed: 'Could not upload {name}',
  fileType: '{name}: this kind of file cannot be sent',
  sound: 'Notification sound',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  sending: 'Sending',
  sent: 'Sent',
  read: 'Read',
  failed: 'Not sent',
  retry: 'Retry',
  you: 'You',
  joined: '{name} joined the conversation',
  resolvedEvent: 'The conversation was resolved',
  reopenedEvent: 'The conversation was reopened',
  transferredEvent: 'You are being transferred to a colleague',
  messageLog: 'Messages',
  conversationWith: 'Conversation',
  prechatTitle: 'Before we start',
  prechatIntro: 'Tell us a little about yourself so we can help you faster.',
  startChat: 'Start the chat',
  required: 'required',
  fieldRequired: '{label} is required',
  offlineTitle: 'Leave us a message',
  offlineIntro: 'Nobody is available right now. Leave a message and we will reply by email.',
  name: 'Name',
  email: 'Email',
  message: 'Message',
  sendMessage: 'Send message',
  invalidEmail: 'Please enter a valid email address',
  leftMessage: 'Thanks! We will reply to {email} as soon as we can.',
  csatQuestion: 'How would you rate this conversation?',
  csatStar: '{n} out of 5',
  csatComment: 'Anything to add? (optional)',
  csatSubmit: 'Send rating',
  csatThanks: 'Thank you for your feedback!',
  errorGeneric: 'Something went wrong. Please try again.',
  unavailable: 'This chat is not available.',
  poweredBy: 'Kefu',
  selectOne: 'Choose…',
  image: 'Image',
  file: 'File',
};

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  openChat: '打开在线客服',
  closeChat: '关闭在线客服',
  minimize: '收起对话',
  chatWindow: '与{name}对话',
  unreadLabel: '{count} 条未读消息',
  newMessage: '【{count}条新消息】',
  greeting: '您好！有什么可以帮您？',
  online: '我们通常几分钟内回复',
  away: '客服暂时不在线',
  connecting: '正在连接…',
  reconnecting: '网络已断开：恢复后将自动发送消息',
  queue: '您前面还有 {position} 位 · 预计等待{eta}',
  minutes: ' {n} 分钟',
  lessThanMinute: '不到一分钟',
  typing: '{name}正在输入…',
  someone: '对方',
  placeholder: '输入消息…',
  send: '发送',
  attach: '发送文件',
  uploading: '正在上传 {name}…',
  tooLarge: '{name} 太大（最大 {max}）',
  uploadFailed: '{name} 上传失败',
  fileType: '{name}：不支持发送此类文件',
  sound: '提示音',
  soundOn: '提示音：开',
  soundOff: '提示音：关',
  sending: '发送中',
  sent: '已发送',
  read: '已读',
  failed: '发送失败',
  retry: '重试',
  you: '我',
  joined: '{name} 已加入对话',
  resolvedEvent: '对话已结束',
  reopenedEvent: '对话已重新打开',
  transferredEvent: '正在为您转接其他客服',
  messageLog: '消息记录',
  conversationWith: '对话',
  prechatTitle: '开始对话前',
  prechatIntro: '请简单介绍一下自己，方便我们更快地帮助您。',
  startChat: '开始对话',
  required: '必填',
  fieldRequired: '请填写{label}',
  offlineTitle: '给我们留言',
  offlineIntro: '客服暂时不在线。请留言，我们会通过邮件回复您。',
  name: '姓名',
  email: '邮箱',
  message: '留言内容',
  sendMessage: '提交留言',
  invalidEmail: '请输入有效的邮箱地址',
  leftMessage: '谢谢！我们会尽快回复到 {email}。',
  csatQuestion: '您对本次服务满意吗？',
  csatStar: '{n} 星（满分 5 星）',
  csatComment: '还有什么想说的吗？（选填）',
  csatSubmit: '提交评价',
  csatThanks: '感谢您的评价！',
  errorGeneric: '出错了，请稍后再试。',
  unavailable: '在线客服暂不可用。',
  poweredBy: 'Kefu 客服',
  selectOne: '请选择…',
  image: '图片',
  file: '文件',
};

export type Locale = 'en' | 'zh-CN';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The inbox's `settings.locale` wins; else the first browser language we speak; else English. */
export function pickLocale(setting: unknown, languages: readonly string[]): Locale {
  const candidates = typeof setting === 'string' && setting !== '' && setting !== 'auto' ? [setting] : languages;
  for (const lang of candidates) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}
