// Test support: a multipart form post as a browser sends one (the upload forms without JavaScript).
import { multipartBody, type Part } from '../../../core/http/testing/multipart.js';
import { PUBLIC_ORIGIN, type TestBrowser } from '../../accounts/testing/session-helpers.js';

export type { Part };

export function postMultipart(browser: TestBrowser, url: string, parts: Part[]) {
  const { payload, contentType } = multipartBody(parts);
  return browser.request({ method: 'POST', url, payload, headers: { 'content-type': contentType, origin: PUBLIC_ORIGIN } });
}
