import { describe, expect, it } from 'vitest';
import { createSecretSealer } from './sealed-secret.js';

describe('sealed TOTP secrets', () => {
  const sealer = createSecretSealer('a session secret that is long enough 0123456789');

  it('opens what it sealed, and the box does not show the secret', () => {
    const box = sealer.seal('MZXW6YTBOI');
    expect(box).not.toContain('MZXW6YTBOI');
    expect(sealer.open(box)).toBe('MZXW6YTBOI');
    expect(sealer.seal('MZXW6YTBOI')).not.toBe(box);
  });

  it('refuses a box sealed under another secret, or altered', () => {
    const box = sealer.seal('MZXW6YTBOI');
    expect(createSecretSealer('another session secret, also long enough 0123').open(box)).toBeNull();
    const parts = box.split('.');
    parts[2] = parts[2]!.slice(0, -2) + (parts[2]!.endsWith('AA') ? 'BA' : 'AA');
    expect(sealer.open(parts.join('.'))).toBeNull();
    expect(sealer.open('junk')).toBeNull();
  });
});
