// Local stand-in for SES: each message becomes an RFC 5322 .eml file (multipart/alternative, UTF-8,
// base64 parts; multipart/related around it when images are inline) in an outbox folder, which any mail client opens.
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MailMessage, Mailer } from "../../ports/digests.js";

const b64lines = (s: string | Uint8Array) => Buffer.from(s).toString("base64").replace(/.{76}/g, "$&\r\n");
const encodedWord = (s: string) => `=?UTF-8?B?${Buffer.from(s, "utf8").toString("base64")}?=`;

export function toEml(m: MailMessage, messageId: string, date = new Date()): string {
  const boundary = `=_outfall_${messageId.replace(/[^a-z0-9]/gi, "")}`;
  const alternative = [
    `--${boundary}`,
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    b64lines(m.text),
    `--${boundary}`,
    "Content-Type: text/html; charset=UTF-8",
    "Content-Transfer-Encoding: base64",
    "",
    b64lines(m.html),
    `--${boundary}--`,
  ];
  const inline = m.inline ?? [];
  // With inline images: multipart/related holding the alternative parts, then each image by Content-ID.
  const body = inline.length
    ? [
        `Content-Type: multipart/related; boundary="${boundary}_r"; type="multipart/alternative"`,
        "",
        `--${boundary}_r`,
        `Content-Type: multipart/alternative; boundary="${boundary}"`,
        "",
        ...alternative,
        ...inline.flatMap((i) => [
          `--${boundary}_r`,
          `Content-Type: ${i.contentType}; name="${i.filename}"`,
          "Content-Transfer-Encoding: base64",
          `Content-ID: <${i.cid}>`,
          `Content-Disposition: inline; filename="${i.filename}"`,
          "",
          b64lines(i.content),
        ]),
        `--${boundary}_r--`,
      ]
    : [`Content-Type: multipart/alternative; boundary="${boundary}"`, "", ...alternative];
  return [
    `From: ${m.from}`,
    `To: ${m.to.join(", ")}`,
    `Subject: ${encodedWord(m.subject)}`,
    `Date: ${date.toUTCString()}`,
    `Message-ID: <${messageId}@outfall-ledger.local>`,
    "MIME-Version: 1.0",
    ...body,
    "",
  ].join("\r\n");
}

export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(m: MailMessage): Promise<{ messageId: string }> {
    const messageId = randomUUID();
    await mkdir(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    await writeFile(join(this.dir, `${stamp}-${messageId.slice(0, 8)}.eml`), toEml(m, messageId));
    return { messageId };
  }
}
