import { streamGroupField } from './stream-group-field';

describe('streamGroupField', () => {
  const group = ['name', 'activity', 'consumers', 1, 'pending', 0, 'lag', 12];

  it('reads a field of an XINFO GROUPS entry by its name', () => {
    expect(streamGroupField(group, 'name')).toBe('activity');
    expect(streamGroupField(group, 'pending')).toBe(0);
    expect(streamGroupField(group, 'lag')).toBe(12);
  });

  it('is undefined for a field the entry lacks (lag before Redis 7)', () => {
    expect(streamGroupField(['name', 'activity', 'pending', 0], 'lag')).toBeUndefined();
  });
});
