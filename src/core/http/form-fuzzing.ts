// Test support: fast-check values for fuzzing what clients post to forms.
// Text of every awkward kind (any characters, whole graphemes, raw bytes, and
// values that trip parsers up), plus the values one form finds interesting;
// and a form field made of it: one value, the field repeated, or no field.
import fc from 'fast-check';

const AWKWARD_VALUES = ['', ' ', 'on', 'off', '0', '1', '-1', '1e3', '__proto__', 'constructor', '\u0000', '<script>alert(1)</script>'];

export function awkwardText(interesting: readonly string[], options: { maxLength?: number } = {}): fc.Arbitrary<string> {
  const maxLength = options.maxLength ?? 40;
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength: maxLength / 2 }),
    fc.string({ unit: 'binary', maxLength: maxLength / 2 }),
    fc.constantFrom(...AWKWARD_VALUES, ...interesting),
  );
}

export function formValue(
  text: fc.Arbitrary<string>,
  options: { canBeMissing?: boolean } = {},
): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { arbitrary: text, weight: 6 },
    { arbitrary: fc.array(text, { minLength: 2, maxLength: 3 }), weight: 1 },
    ...(options.canBeMissing ? [{ arbitrary: fc.constant(undefined), weight: 1 }] : []),
  );
}
