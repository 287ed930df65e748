import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totp, totpStep } from './totp.js';

// RFC 6238 appendix B, the SHA-1 rows: the 20-byte ASCII key "12345678901234567890", 8 digits.
const RFC_KEY = Buffer.from('12345678901234567890', 'ascii');
const RFC_6238_SHA1 = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
] as const;

describe('TOTP (RFC 6238)', () => {
  it.each(RFC_6238_SHA1)('at %i seconds the code is %s', (seconds, code) => {
    expect(totp(RFC_KEY, new Date(seconds * 1000), 8)).toBe(code);
  });

  it('HOTP matches RFC 4226 appendix D', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, counter) => hotp(RFC_KEY, counter))).toEqual(expected);
  });

  it('accepts one step either side and nothing further, and says which step matched', () => {
    const at = new Date(1_800_000_000_000);
    const step = totpStep(at);
    expect(matchTotp(RFC_KEY, hotp(RFC_KEY, step), at)).toBe(step);
    expect(matchTotp(RFC_KEY, hotp(RFC_KEY, step - 1), at)).toBe(step - 1);
    expect(matchTotp(RFC_KEY, hotp(RFC_KEY, step + 1), at)).toBe(step + 1);
    expect(matchTotp(RFC_KEY, hotp(RFC_KEY, step - 2), at)).toBeNull();
    expect(matchTotp(RFC_KEY, hotp(RFC_KEY, step + 2), at)).toBeNull();
    expect(matchTotp(RFC_KEY, '12345', at)).toBeNull();
    expect(matchTotp(RFC_KEY, 'abcdef', at)).toBeNull();
  });
});

describe('base32', () => {
  it('encodes the RFC 4648 test vectors (padding left off)', () => {
    const cases = { '': '', f: 'MY', fo: 'MZXQ', foo: 'MZXW6', foob: 'MZXW6YQ', fooba: 'MZXW6YTB', foobar: 'MZXW6YTBOI' };
    for (const [plain, encoded] of Object.entries(cases)) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded)?.toString()).toBe(plain);
    }
  });

  it('reads a secret typed by hand (lower case, spaces, padding) and refuses other characters', () => {
    expect(base32Decode('mzxw 6ytb oi======')?.toString()).toBe('foobar');
    expect(base32Decode('MZXW1')).toBeNull();
  });

  it('makes 160-bit secrets that round-trip', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
  });

  it('writes the otpauth address apps expect', () => {
    expect(otpauthUri({ issuer: 'The Test Gazette', account: 'ada@example.test', secret: 'MZXW6YTBOI' })).toBe(
      'otpauth://totp/The%20Test%20Gazette:ada%40example.test?secret=MZXW6YTBOI&issuer=The%20Test%20Gazette&algorithm=SHA1&digits=6&period=30',
    );
  });
});
