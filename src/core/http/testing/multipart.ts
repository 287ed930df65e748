// Test support: a multipart/form-data body as a browser or an HTTP client sends
// one (upload forms, the Admin API's image endpoint).

export type Part = { name: string; value: string } | { name: string; filename: string; type: string; data: Buffer };

export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = '----masthead-test-boundary';
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
