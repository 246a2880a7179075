import { createHash } from 'node:crypto';
import { sha256Uuid } from './sha256-uuid';

describe('sha256Uuid', () => {
  it("is the digest's first 32 hex digits in uuid form, the same for the same text", () => {
    const hex = createHash('sha256').update('{"type":"TAG_PUSH"}').digest('hex');
    expect(sha256Uuid('{"type":"TAG_PUSH"}')).toBe(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    );
    expect(sha256Uuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(sha256Uuid('a')).not.toBe(sha256Uuid('b'));
  });
});
