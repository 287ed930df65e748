// "Send a test to yourself" from the newsroom: one copy of an issue, rendered
// as recipients get it, to the staff member's own address, through the same
// transport as the real send. Its subject says it is a test; its unsubscribe
// link leads to /newsletters (a test copy has no recipient to unsubscribe).
import { compileEmailTemplate, fillEmailTemplate, type RenderedIssueEmail } from './emails/newsletter-email.js';
import type { NewsletterTransport } from './newsletter-transport.js';

export function createTestIssueSender(deps: {
  transport: NewsletterTransport;
  renderIssue(issueId: number): Promise<RenderedIssueEmail>;
  findIssueSubject(issueId: number): Promise<string | null>;
  settings: { publicUrl: string; from: string; publicationName: string };
}) {
  const { settings } = deps;
  const open = settings.from.lastIndexOf('<');
  const close = settings.from.lastIndexOf('>');
  const address = open >= 0 && close > open ? settings.from.slice(open + 1, close).trim() : settings.from.trim();
  const host = new URL(settings.publicUrl).hostname;
  let sequence = 0;

  return async function sendTestIssue(issueId: number, toAddress: string): Promise<void> {
    const subject = await deps.findIssueSubject(issueId);
    if (subject === null) throw new Error(`newsletter issue ${issueId} does not exist`);
    const template = compileEmailTemplate(await deps.renderIssue(issueId));
    const manageUrl = `${settings.publicUrl}/newsletters`;
    const { html, text } = fillEmailTemplate(template, { unsubscribeUrl: manageUrl, manageUrl });
    await deps.transport.send({
      from: { name: settings.publicationName.replace(/[\r\n"<>\\]/g, ' '), address },
      to: toAddress,
      subject: `[Test] ${subject}`,
      html,
      text,
      headers: {},
      // A test copy has no recipient to unsubscribe: its list links lead to the newsletters page.
      list: { id: { url: `test.newsletters.${host}`, comment: 'Test copy' }, unsubscribe: [[manageUrl]] },
      messageId: `<newsletter-test-${issueId}-${Date.now()}-${++sequence}@${host}>`,
    });
  };
}
