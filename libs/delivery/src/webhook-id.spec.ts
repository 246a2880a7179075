import { webhookIdFor } from './webhook-id';

describe('webhookIdFor', () => {
  it('is the same for a pair on every attempt and release (receivers dedupe on it)', () => {
    expect(webhookIdFor('e1', 's1')).toBe('msg_2cff82296a153081d26f64c0e06870b2');
  });
});
