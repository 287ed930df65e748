// The newsletter benchmark's SMTP server, in a process of its own so the
// sender's CPU is measured alone: prints its port, and on SIGTERM the number
// of messages it accepted, as JSON lines.
import { startSmtpSink } from '../src/features/newsletters/testing/smtp-sink.js';

const sink = await startSmtpSink();
process.stdout.write(`${JSON.stringify({ port: sink.port })}\n`);
process.once('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ accepted: sink.total() })}\n`);
  void sink.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
