import { isCrossOriginRequest } from './same-origin';

describe('isCrossOriginRequest', () => {
  const host = '127.0.0.1:3000';

  it('lets safe methods through whatever their origin', () => {
    expect(isCrossOriginRequest('GET', { host, origin: 'https://evil.example' })).toBe(false);
    expect(isCrossOriginRequest('HEAD', { host, 'sec-fetch-site': 'cross-site' })).toBe(false);
  });

  it('trusts Sec-Fetch-Site when the browser sends it', () => {
    expect(isCrossOriginRequest('POST', { host, 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(isCrossOriginRequest('POST', { host, 'sec-fetch-site': 'none' })).toBe(false);
    expect(isCrossOriginRequest('POST', { host, 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(isCrossOriginRequest('DELETE', { host, 'sec-fetch-site': 'cross-site' })).toBe(true);
  });

  it('compares Origin with Host otherwise', () => {
    expect(isCrossOriginRequest('POST', { host, origin: `http://${host}` })).toBe(false);
    expect(isCrossOriginRequest('POST', { host, origin: 'http://127.0.0.1:4000' })).toBe(true);
    expect(isCrossOriginRequest('PUT', { host, origin: 'null' })).toBe(true);
  });

  it('lets requests without either header through: no browser sent them', () => {
    expect(isCrossOriginRequest('POST', { host })).toBe(false);
  });
});
