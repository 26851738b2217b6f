import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { MailMessage, Mailer } from "../../ports/digests.js";

/** Mail through SES v2: HTML and plain-text parts, UTF-8 subject and bodies, inline images as attachments. */
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
            // Inline images (the digest's map): shown where the HTML names their Content-ID.
            ...(m.inline?.length
              ? {
                  Attachments: m.inline.map((i) => ({
                    RawContent: i.content,
                    ContentDisposition: "INLINE" as const,
                    ContentId: i.cid,
                    ContentType: i.contentType,
                    FileName: i.filename,
                    ContentTransferEncoding: "BASE64" as const,
                  })),
                }
              : {}),
          },
        },
      }),
    );
    return { messageId: out.MessageId ?? "" };
  }
}
