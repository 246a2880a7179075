import { eventIdFor } from './event-id';

describe('eventIdFor', () => {
  it('derives the same version-5-shaped UUID from a dedup key every time', () => {
    // Stored ids and dedup across releases depend on these exact values.
    expect(eventIdFor('distribution:abc:TAG_PUSH')).toBe('f895ceef-cbee-504e-b869-7bda33f11f52');
    expect(eventIdFor('native:scanner:x')).toBe('e754a6b0-c3d7-5d7b-a01c-dc4f4699fde9');
  });
});
