import { EndpointLimiter } from './endpoint-limiter';

describe('EndpointLimiter', () => {
  it('limits deliveries in flight per origin, not per path', () => {
    const limiter = new EndpointLimiter(2);
    const first = limiter.tryAcquire('https://a.example/one');
    const second = limiter.tryAcquire('https://a.example/two');
    expect(first && second).toBeTruthy();
    expect(limiter.tryAcquire('https://a.example/three')).toBeNull();
    expect(limiter.tryAcquire('https://b.example/')).not.toBeNull();
    first!();
    first!();
    expect(limiter.tryAcquire('https://a.example/')).not.toBeNull();
    expect(limiter.tryAcquire('https://a.example/')).toBeNull();
  });
});
