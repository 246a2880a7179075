import { JobIntake } from './job-intake';

const job = (id: number) => ({ id });

describe('JobIntake', () => {
  it('lets the loop fetch one job more than it holds, up to the slots', () => {
    const intake = new JobIntake<{ id: number }>(3);
    expect(intake.concurrency()).toBe(1);
    expect(intake.started(job(1), 1)).toBe(2);
    expect(intake.started(job(2), 1)).toBe(3);
    expect(intake.started(job(3), 1)).toBe(3);
  });

  it('no more jobs once those in process hold two rounds of the slots', () => {
    const intake = new JobIntake<{ id: number }>(100);
    const [first, second, third] = [job(1), job(2), job(3)];
    expect(intake.started(first, 100)).toBe(2);
    expect(intake.started(second, 99)).toBe(3);
    expect(intake.started(third, 1)).toBe(3);
    intake.ended(third, true);
    // Below two rounds again, but the ended job still counts until it is moved.
    expect(intake.concurrency()).toBe(4);
    expect(intake.moved(third)).toBe(3);
  });

  it('counts an ended job until BullMQ moved it, so the concurrency drops only then', () => {
    const intake = new JobIntake<{ id: number }>(128);
    const retried = job(1);
    intake.started(retried, 1);
    intake.ended(retried, true);
    expect(intake.concurrency()).toBe(2);
    expect(intake.moved(retried)).toBe(1);
  });

  it('drops a job that delayed itself when its process() ends: BullMQ reports no move for it', () => {
    const intake = new JobIntake<{ id: number }>(128);
    const busy = job(1);
    intake.started(busy, 1);
    intake.ended(busy, false);
    expect(intake.concurrency()).toBe(1);
  });

  it('ignores moves of jobs it does not hold (failed before process(), or none)', () => {
    const intake = new JobIntake<{ id: number }>(128);
    const held = job(1);
    intake.started(held, 1);
    expect(intake.moved(job(2))).toBe(2);
    expect(intake.moved(undefined)).toBe(2);
    expect(intake.moved(held)).toBe(2);
  });

  it('lets go of the oldest job never reported moved once more than the slots wait for their move', () => {
    const intake = new JobIntake<{ id: number }>(2);
    const lost = [job(1), job(2), job(3)];
    for (const held of lost) {
      intake.started(held, 1);
      intake.ended(held, true);
    }
    expect(intake.concurrency()).toBe(2);
    intake.moved(lost[1]);
    intake.moved(lost[2]);
    // The first was let go: nothing of it is held, and the loop is back to one job's room.
    expect(intake.concurrency()).toBe(1);
  });
});
