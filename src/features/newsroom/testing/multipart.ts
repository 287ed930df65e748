// Test support: a multipart form post as a browser sends one (the upload forms without JavaScript).
import { PUBLIC_ORIGIN, type TestBrowser } from '../../accounts/testing/session-helpers.js';

export type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Buffer };

export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = '----media-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'data' in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}`
        : `Content-Disposition: form-data; name="${part.name}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\n${disposition}\r\n\r\n`),
      'data' in part ? part.data : Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export function postMultipart(browser: TestBrowser, url: string, parts: Part[]) {
  const { payload, contentType } = multipartBody(parts);
  return browser.request({ method: 'POST', url, payload, headers: { 'content-type': contentType, origin: PUBLIC_ORIGIN } });
}
