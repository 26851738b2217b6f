import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { MailMessage, Mailer } from "../../ports/digests.js";

/** Mail through SES v2: HTML and plain-text parts, UTF-8 subject and bodies. */
export class SesMailer implements Mailer {
  private readonly ses: SESv2Client;

  constructor(config: SESv2ClientConfig = {}) {
    this.ses = new SESv2Client(config);
  }

  async send(m: MailMessage): Promise<{ messageId: string }> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: m.from,
        Destination: { ToAddresses: m.to },
        Content: {
          Simple: {
            Subject: { Data: m.subject, Charset: "UTF-8" },
            Body: { Html: { Data: m.html, Charset: "UTF-8" }, Text: { Data: m.text, Charset: "UTF-8" } },
          },
        },
      }),
    );
    return { messageId: out.MessageId ?? "" };
  }
}
