import { describe, expect, it } from 'vitest';
import { canDrawQrCodes, qrCodeSvg, qrMatrixToSvg } from './qr-code.js';

describe('QR code drawing', () => {
  it('draws each dark module as a square inside a 4-module quiet zone, with an escaped label', () => {
    const svg = qrMatrixToSvg(
      [
        [true, false],
        [false, true],
      ],
      'Scan "this" <code>',
    ).value;
    expect(svg).toContain('viewBox="0 0 10 10"');
    expect(svg).toContain('d="M4 4h1v1h-1zM5 5h1v1h-1z"');
    expect(svg).toContain('role="img"');
    expect(svg).not.toContain('<code>');
  });

  it('encodes an otpauth address when the QR package is installed', async () => {
    const svg = await qrCodeSvg('otpauth://totp/Test:ada%40example.test?secret=MZXW6YTBOI&issuer=Test', 'QR code');
    if (!(await canDrawQrCodes())) {
      expect(svg).toBeNull();
      return;
    }
    expect(svg?.value).toMatch(/^<svg [^>]*role="img"/);
  });
});
