import { memoizeByKey } from './memoize-by-key';

describe('memoizeByKey', () => {
  it('computes once per key, null results included, and starts over when full', () => {
    const compute = jest.fn((key: string) => (key === 'none' ? null : key.toUpperCase()));
    const memo = memoizeByKey(compute, 2);
    expect(memo('a')).toBe('A');
    expect(memo('a')).toBe('A');
    expect(memo('none')).toBeNull();
    expect(memo('none')).toBeNull();
    expect(compute).toHaveBeenCalledTimes(2);
    memo('b');
    memo('a');
    expect(compute).toHaveBeenCalledTimes(4);
  });
});
