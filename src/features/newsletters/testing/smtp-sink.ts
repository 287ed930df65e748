// Test and bench support: a real SMTP server on loopback that counts what it
// accepts per recipient. Addresses can be made to refuse: a local part
// starting "bounce" gets 550 at RCPT TO, "tempfail" gets 451. `delayMs`
// holds each message before accepting it (a slow provider; a crash window).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  url: string;
  /** Accepted messages per recipient address. */
  deliveries: Map<string, number>;
  /** Raw accepted messages, when `keepMessages` was asked for. */
  messages: { to: string; raw: Buffer }[];
  total(): number;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { delayMs?: number; keepMessages?: boolean; port?: number } = {}): Promise<SmtpSink> {
  const deliveries = new Map<string, number>();
  const messages: { to: string; raw: Buffer }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0] ?? '';
      if (local.startsWith('bounce')) return callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
      if (local.startsWith('tempfail')) return callback(Object.assign(new Error('4.2.1 Try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (options.keepMessages) chunks.push(chunk);
      });
      stream.on('end', () => {
        const accept = () => {
          for (const recipient of session.envelope.rcptTo) {
            deliveries.set(recipient.address, (deliveries.get(recipient.address) ?? 0) + 1);
            if (options.keepMessages) messages.push({ to: recipient.address, raw: Buffer.concat(chunks) });
          }
          callback();
        };
        if (options.delayMs) setTimeout(accept, options.delayMs);
        else accept();
      });
    },
  });
  // A sender killed mid-conversation (the crash test's whole point) resets its connections; smtp-server reports
  // each reset as an 'error' event, which would otherwise be an uncaught exception in the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    deliveries,
    messages,
    total: () => [...deliveries.values()].reduce((sum, count) => sum + count, 0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
