import type { HookyardConfig } from '@hookyard/config';
import { EndpointValidator } from './endpoint-validator.service';

describe('EndpointValidator', () => {
  const validator = new EndpointValidator({ delivery: { allowedCidrs: [] } } as unknown as HookyardConfig);
  const refusal = (endpoint: string) =>
    validator.assertDeliverable(endpoint).then(
      () => null,
      (error: Error) => error.message,
    );

  it('names the address of a refused IP literal, as given', async () => {
    expect(await refusal('http://10.1.2.3/hook')).toBe(
      'endpoint 10.1.2.3 is refused: address 10.1.2.3 is private and not allowed (DELIVERY_ALLOWED_CIDRS)',
    );
  });

  it('does not tell which address a refused name resolves to, so no internal name is mapped', async () => {
    const message = await refusal('http://localhost:8080/hook');
    expect(message).toBe(
      'endpoint localhost:8080 is refused: it resolves to a loopback address, which is not allowed (DELIVERY_ALLOWED_CIDRS)',
    );
  });

  it('lets a name that does not resolve through (the worker checks it on connect)', async () => {
    expect(await refusal('http://nonexistent.invalid/hook')).toBeNull();
  });
});
