// Outgoing email (notifications such as a visitor's left message).

export interface Email {
  to: string[];
  subject: string;
  text: string;
  replyTo?: string;
}

export interface Mailer {
  /** Resolves once the mail server accepted the message; rejects with its reason otherwise. Not retried here. */
  send(email: Email): Promise<void>;
  close(): Promise<void>;
}

/** Used when no mail server is configured: sending does nothing. */
export const noMailer: Mailer = { send: async () => {}, close: async () => {} };
