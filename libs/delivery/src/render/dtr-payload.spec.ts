import type { CanonicalEvent } from '@hookyard/events';
import { renderPayload } from './render-payload';

describe('renderPayload for DTR subscriptions', () => {
  it('wraps the contents as {type, createdAt, contents}', () => {
    const event: CanonicalEvent = {
      id: 'e1',
      type: 'TAG_PUSH',
      occurredAt: '2026-11-23T06:00:49.428Z',
      source: 'distribution',
      namespace: 'acme',
      repository: 'api',
      contents: { namespace: 'acme', repository: 'api', tag: '1.0' },
      dedupKey: 'd1',
    };
    expect(JSON.parse(renderPayload({ api: 'dtr', apiFields: {} }, event))).toEqual({
      type: 'TAG_PUSH',
      createdAt: '2026-11-23T06:00:49.428Z',
      contents: { namespace: 'acme', repository: 'api', tag: '1.0' },
    });
  });
});
