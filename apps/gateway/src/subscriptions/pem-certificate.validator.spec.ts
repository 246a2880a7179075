import { selfSignedCertificate } from '@hookyard/testing';
import { isPemCertificateOrEmpty } from './pem-certificate.validator';

describe('isPemCertificateOrEmpty', () => {
  it('accepts no certificate and a parsable PEM certificate', () => {
    expect(isPemCertificateOrEmpty('')).toBe(true);
    expect(isPemCertificateOrEmpty(selfSignedCertificate().cert)).toBe(true);
  });

  it('rejects text, a broken PEM block and a private key', () => {
    expect(isPemCertificateOrEmpty('not a pem')).toBe(false);
    expect(isPemCertificateOrEmpty('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBe(
      false,
    );
    expect(isPemCertificateOrEmpty(selfSignedCertificate().key)).toBe(false);
    expect(isPemCertificateOrEmpty(42)).toBe(false);
  });
});
