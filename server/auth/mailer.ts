import { createTransport } from "nodemailer";
import type { Logger } from "../logger.ts";

export interface LinkMail {
  to: string;
  subject: string;
  text: string;
}

/** Sends invitation and reset links when SMTP_URL is set; without it admins hand the link over themselves. */
export interface Mailer {
  send(mail: LinkMail): Promise<boolean>;
}

export function createMailer(smtpUrl: string | undefined, from: string, log: Logger): Mailer | null {
  if (!smtpUrl) return null;
  const transport = createTransport(smtpUrl);
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        return true;
      } catch (error) {
        // The link is still shown to the admin, who can hand it over: a mail failure loses nothing.
        log.warn("could not mail a one-time link", { to: mail.to, err: error });
        return false;
      }
    },
  };
}
