/** A field of one consumer group in an XINFO GROUPS reply, whose entries are flat [field, value, ...] lists. */
export function streamGroupField(group: unknown[], name: string): unknown {
  const index = group.indexOf(name);
  return index >= 0 ? group[index + 1] : undefined;
}
