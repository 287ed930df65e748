// The CSV import and export on their own: streaming parse, line numbers of
// refused rows, header rules, quoting (the command's tests run it end to end).
import { Readable, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, csvField, describeImport, exportSubscribersCsv, importSubscribersCsv, type ImportRow } from './newsletter-csv.js';

function importText(text: string) {
  const seen: ImportRow[] = [];
  const importRow = async (row: ImportRow) => {
    seen.push(row);
    if (!row.email.includes('@')) return { kind: 'invalid' as const, problem: `"${row.email}" is not an email address.` };
    if (row.email.startsWith('gone')) return { kind: 'unsubscribed-before' as const };
    if (seen.filter((other) => other.email === row.email).length > 1) return { kind: 'already-subscribed' as const };
    return { kind: 'added' as const };
  };
  return importSubscribersCsv({ input: Readable.from([Buffer.from(text)]), importRow, defaultConsent: 'csv import' }).then((result) => ({
    result,
    seen,
  }));
}

describe('importSubscribersCsv', () => {
  it('imports rows, counts repeats and refuses bad rows with their line numbers', async () => {
    const { result, seen } = await importText(
      '\ufeffEmail,First Name,last_name,consent_source\n' +
        'ada@example.test,Ada,Byron,events desk sheet\n' +
        'not-an-address,Bob,,\n' +
        '\n' +
        'ada@example.test,Ada,,\n' +
        'gone@example.test,,,\n' +
        '"multi\nline@example.test",,,\n' +
        'bad"quote@example.test,,,\n' +
        'zoe@example.test\n',
    );
    expect(result.kind).toBe('done');
    if (result.kind !== 'done') return;
    expect(result.report).toMatchObject({ added: 3, alreadySubscribed: 1 });
    expect(result.report.rejections.map((rejection) => rejection.line)).toEqual([3, 6, 9]);
    expect(result.report.rejections[1]!.reason).toContain('unsubscribed before');
    expect(result.report.rejections[2]!.reason).toContain('Not readable as CSV');
    expect(seen[0]).toEqual({ email: 'ada@example.test', firstName: 'Ada', lastName: 'Byron', consentSource: 'events desk sheet' });
    expect(seen.at(-1)).toEqual({ email: 'zoe@example.test', firstName: '', lastName: '', consentSource: 'csv import' });
    expect(describeImport(result.report, 'The Briefing')).toContain('line 9: Not readable as CSV');
  });

  it('refuses a file without an email column, or without a header at all', async () => {
    for (const text of ['name,phone\nAda,123\n', 'name\n', '']) {
      const { result, seen } = await importText(text);
      expect(result.kind, JSON.stringify(text)).toBe('bad-header');
      expect(seen).toEqual([]);
    }
  });
});

describe('csv export', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', async () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    async function* rows() {
      yield { email: 'ada@example.test', firstName: 'Ada', lastName: '', consentSource: 'a, b', source: 'imported', since: '2026-12-01' };
    }
    expect(await exportSubscribersCsv(rows(), output)).toBe(1);
    expect(Buffer.concat(chunks).toString()).toBe(
      'email,first_name,last_name,consent_source,source,since\nada@example.test,Ada,,"a, b",imported,2026-12-01\n',
    );
  });
});

describe('progress', () => {
  it('draws a bar on a terminal and plain lines elsewhere', () => {
    const written: string[] = [];
    const terminal = createProgress({ isTTY: true, write: (text: string) => written.push(text) }, 100);
    terminal.update(50, 1);
    terminal.finish();
    expect(written[0]).toContain('50%');
    const logged: string[] = [];
    const pipe = createProgress({ isTTY: false, write: (text: string) => logged.push(text) }, 100);
    for (let rows = 1; rows <= 20_000; rows++) pipe.update(rows, rows);
    pipe.finish();
    expect(logged).toEqual(['10000 rows read\n', '20000 rows read\n']);
  });
});
