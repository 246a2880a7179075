import { alaudaEventFor, alaudaEventsOf } from './alauda';

describe('Alauda vocabulary', () => {
  it("names the Alauda event of a subject type that a canonical event raises, and none of another subject's", () => {
    expect(alaudaEventFor('job', 'JOB_FAILED')).toBe('job:fail');
    expect(alaudaEventFor('image_repo', 'TAG_PUSH')).toBe('image:push');
    expect(alaudaEventFor('image_repo', 'JOB_FAILED')).toBeUndefined();
  });

  it("lists each subject type's events with their canonical types", () => {
    expect(alaudaEventsOf('job')).toEqual({ 'job:succeed': 'JOB_SUCCEEDED', 'job:fail': 'JOB_FAILED' });
  });
});
