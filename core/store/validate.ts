import { show } from '../errors';
import { StoreError } from './errors';

// Input rules shared by the client (refuse early) and the name node (never trust the wire).

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function checkName(op: string, name: unknown): string {
  if (typeof name !== 'string') throw new StoreError('INVALID_NAME', `${op}: artifact name must be a string, got ${show(name)}`);
  if (name.length < 1 || name.length > 255) {
    throw new StoreError('INVALID_NAME', `${op}: artifact name must be 1..255 printable characters, got ${show(name)} (${name.length} characters)`);
  }
  if (CONTROL.test(name)) throw new StoreError('INVALID_NAME', `${op}: artifact name must not contain control characters, got ${show(name)}`);
  return name;
}

export function checkContent(op: string, content: unknown, maxContentBytes: number): string {
  if (typeof content !== 'string') throw new StoreError('INVALID_CONTENT', `${op}: content must be a string, got ${show(content)}`);
  const bytes = utf8Length(content);
  if (bytes > maxContentBytes) {
    throw new StoreError('CONTENT_TOO_LARGE', `${op}: content is ${bytes} bytes, over the limit of ${maxContentBytes} bytes`);
  }
  return content;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i += 1;
    } else n += 3;
  }
  return n;
}
