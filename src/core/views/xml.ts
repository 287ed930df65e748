const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

// Characters XML 1.0 forbids outright; stored text should never hold them,
// but a feed that fails to parse is worse than a dropped control character.
const INVALID_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  return value.replace(INVALID_XML_CHARACTERS, '').replace(/[&<>"']/g, (character) => XML_ESCAPES[character]!);
}
