// QR codes for the second factor's enrolment page, drawn on the server as one
// SVG path (no script, no request to anyone else). The module grid comes from
// the `uqr` package (zero dependencies); without it installed the page still
// works from the secret shown as text.
import { escapeAttribute, trustedHtml, type SafeHtml } from '#jsx/jsx-runtime';

type QrEncoder = (text: string, options: { ecc: 'L' | 'M' | 'Q' | 'H'; border: number }) => { data: boolean[][]; size: number };

// A name in a variable: TypeScript does not need the package to build this file.
const QR_PACKAGE = 'uqr';
const encoder: Promise<QrEncoder | null> = import(QR_PACKAGE).then(
  (module: { encode?: QrEncoder }) => module.encode ?? null,
  () => null,
);

/** Whether QR codes can be drawn (the package is installed). */
export async function canDrawQrCodes(): Promise<boolean> {
  return (await encoder) !== null;
}

/** The grid as an SVG: a 4-module quiet zone, dark modules as one path, scaled by CSS. */
export function qrMatrixToSvg(modules: boolean[][], label: string): SafeHtml {
  const size = modules.length;
  const quiet = 4;
  const commands: string[] = [];
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) commands.push(`M${x + quiet} ${y + quiet}h1v1h-1z`);
    }),
  );
  const extent = size + quiet * 2;
  return trustedHtml(
    `<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" viewBox="0 0 ${extent} ${extent}" width="${extent * 5}" height="${extent * 5}" role="img" aria-label="${escapeAttribute(label)}" shape-rendering="crispEdges">` +
      `<rect width="${extent}" height="${extent}" fill="#fff"/><path fill="#000" d="${commands.join('')}"/></svg>`,
  );
}

/** The QR code of `text` (medium error correction), or null when no encoder is installed. */
export async function qrCodeSvg(text: string, label: string): Promise<SafeHtml | null> {
  const encode = await encoder;
  if (!encode) return null;
  return qrMatrixToSvg(encode(text, { ecc: 'M', border: 0 }).data, label);
}
