// Test support: a real SMTP server on loopback that keeps every message it
// receives, parsed, so browser tests can follow the links emails carry.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  to: string;
  subject: string;
  text: string;
  /** The HTML part, '' when there is none. */
  html: string;
  /** The header as sent (folded lines joined), by lower-case name: the first of each. */
  header(name: string): string | undefined;
  /** As mailparser read them (e.g. an event's .ics invitation). */
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export interface TestInbox {
  /** smtp://127.0.0.1:<port> */
  url: string;
  received: ReceivedEmail[];
  /** The first message to `to` whose subject matches, waiting for it if need be. */
  waitFor(to: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedEmail>;
  close(): Promise<void>;
}

export async function startTestInbox(): Promise<TestInbox> {
  const received: ReceivedEmail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [])
            .flatMap((address) => address.value.map((entry) => entry.address ?? ''))
            .join(', ');
          const lines = mail.headerLines;
          const attachments = mail.attachments.map((attachment) => ({
            filename: attachment.filename ?? '',
            contentType: attachment.contentType,
            content: attachment.content,
          }));
          received.push({
            to,
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
            // mailparser turns list headers into objects; the raw line is what a mail client reads.
            header: (name) => {
              const line = lines.find((entry) => entry.key === name.toLowerCase())?.line;
              return line
                ?.slice(line.indexOf(':') + 1)
                .replace(/\r?\n[ \t]+/g, ' ')
                .trim();
            },
            attachments,
          });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };

  const find = (to: string, subject: RegExp) =>
    received.find((mail) => mail.to.toLowerCase() === to.toLowerCase() && subject.test(mail.subject));

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(to, subject, timeoutMs = 10_000) {
      const found = find(to, subject);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = find(to, subject);
          if (!mail) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `No email to ${to} matching ${subject} within ${timeoutMs} ms; received: ${received.map((mail) => `${mail.to} "${mail.subject}"`).join('; ') || 'nothing'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
