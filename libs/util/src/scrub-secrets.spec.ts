import { scrubSecrets } from './scrub-secrets';

describe('scrubSecrets', () => {
  it.each([
    ['https://user:s3cret@registry.example/v2/', 'https://[Redacted]@registry.example/v2/'],
    [
      'GET /api/v0/webhooks?token=s3cret&pageSize=2 failed',
      'GET /api/v0/webhooks?token=[Redacted]&pageSize=[Redacted] failed',
    ],
    ['header was Bearer abcdefghijklmnop0123', 'header was Bearer [Redacted]'],
    [
      'could not read acme/api@sha256:abc from the registry',
      'could not read acme/api@sha256:abc from the registry',
    ],
    ['Token expired', 'Token expired'],
  ])('%s', (text, scrubbed) => {
    expect(scrubSecrets(text)).toBe(scrubbed);
  });
});
