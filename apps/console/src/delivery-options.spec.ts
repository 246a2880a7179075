import { NO_OPTIONS, optionsOf, optionsRequest } from './delivery-options';
import type { Subscription } from './types';

describe('delivery options in requests', () => {
  const options = {
    tagPattern: ' v*,!*-rc* ',
    repositoryPattern: '',
    cloudEvents: true,
    headers: [
      { name: 'Authorization', value: '', stored: true },
      { name: 'X-Team', value: 'ci', stored: false },
      { name: ' ', value: 'ignored', stored: false },
    ],
    ordered: false,
    rateLimit: '',
  };

  it('sends a new webhook only the options set, in the API’s names', () => {
    expect(optionsRequest('dtr', options, false)).toEqual({
      tagPattern: 'v*,!*-rc*',
      payloadFormat: 'cloudevents',
      headers: { Authorization: '***', 'X-Team': 'ci' },
    });
    expect(optionsRequest('dtr', NO_OPTIONS, false)).toEqual({});
    expect(optionsRequest('alauda', { ...options, repositoryPattern: 'team/*' }, false)).toEqual({
      tag_pattern: 'v*,!*-rc*',
      payload_format: 'cloudevents',
      headers: { Authorization: '***', 'X-Team': 'ci' },
    });
  });

  it('sends a change every option: "" and {} remove one; a stored header left empty keeps its value', () => {
    expect(optionsRequest('dtr', NO_OPTIONS, true)).toEqual({
      tagPattern: '',
      repositoryPattern: '',
      payloadFormat: '',
      headers: {},
      ordered: false,
      rateLimit: 0,
    });
    expect(optionsRequest('alauda', NO_OPTIONS, true)).toEqual({
      tag_pattern: '',
      payload_format: '',
      headers: {},
      ordered: false,
      rate_limit: 0,
    });
  });

  it('sends ordered delivery and a rate limit when set, a rate limit that is no number as typed', () => {
    const paced = { ...NO_OPTIONS, ordered: true, rateLimit: ' 20 ' };
    expect(optionsRequest('dtr', paced, false)).toEqual({ ordered: true, rateLimit: 20 });
    expect(optionsRequest('alauda', paced, false)).toEqual({ ordered: true, rate_limit: 20 });
    expect(optionsRequest('dtr', { ...NO_OPTIONS, rateLimit: '2.5' }, false)).toEqual({ rateLimit: '2.5' });
  });

  it('reads a webhook’s options back, stored headers without their values', () => {
    const webhook = {
      tagPattern: 'v*',
      payloadFormat: 'cloudevents',
      headers: { Authorization: '***' },
      ordered: true,
      rateLimit: 20,
    } as Partial<Subscription> as Subscription;
    expect(optionsOf(webhook)).toEqual({
      tagPattern: 'v*',
      repositoryPattern: '',
      cloudEvents: true,
      headers: [{ name: 'Authorization', value: '', stored: true }],
      ordered: true,
      rateLimit: '20',
    });
    expect(optionsOf({} as Subscription)).toEqual(NO_OPTIONS);
  });
});
