// Email over SMTP with nodemailer, loaded only when a mail server is configured.
import type { Email, Mailer } from '../ports/mailer.js';

export async function createSmtpMailer(url: string, from: string): Promise<Mailer> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(url);
  return {
    async send(email: Email) {
      await transport.sendMail({ from, to: email.to.join(', '), subject: email.subject, text: email.text, ...(email.replyTo ? { replyTo: email.replyTo } : {}) });
    },
    async close() {
      transport.close();
    },
  };
}
