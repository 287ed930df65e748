// Whether text shows anything. A comment of only zero-width spaces, or a name
// of only combining marks or Arabic tatweel (the joining stroke), would be
// stored and shown as nothing at all: every place that accepts text refuses
// text with nothing visible, as it refuses empty text.

// Default-ignorable code points (zero-width spaces and joiners, word joiner,
// BOM, variation selectors, Hangul fillers…), combining marks, white space,
// controls and format characters, the tatweel, and the blank Braille pattern.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{M}\p{White_Space}\p{Cc}\p{Cf}\u0640\u2800]/gu;

/** The text without anything that draws nothing by itself. */
export function visibleCharacters(text: string): string {
  return text.replace(INVISIBLE, '');
}

export function hasVisibleCharacters(text: string): boolean {
  return visibleCharacters(text).length > 0;
}
