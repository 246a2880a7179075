import { AlaudaApiFields, CanonicalEvent, EXAMPLE_CONTENTS } from '@hookyard/events';
import { renderPayload } from './render-payload';

describe('renderPayload for Alauda hooks', () => {
  it('names the hook, its subject and the Alauda event, and carries the contents as data', () => {
    const event: CanonicalEvent = {
      id: 'e1',
      type: 'JOB_FAILED',
      occurredAt: '2026-11-23T06:00:49.428Z',
      source: 'ci',
      namespace: 'foo',
      repository: 'nightly-backup',
      contents: EXAMPLE_CONTENTS.JOB_FAILED,
      dedupKey: 'd1',
    };
    const apiFields: AlaudaApiFields = {
      id: 4,
      name: 'job hook',
      subject_type: 'job',
      subject: 'foo/nightly-backup',
      events: ['job:succeed', 'job:fail'],
      created_by: 'admin',
      updated_at: '2026-11-23T06:00:00.000Z',
    };
    expect(JSON.parse(renderPayload({ api: 'alauda', apiFields }, event))).toEqual({
      hook_id: 4,
      hook_name: 'job hook',
      event: 'job:fail',
      subject_type: 'job',
      subject: 'foo/nightly-backup',
      created_at: '2026-11-23T06:00:49.428Z',
      data: EXAMPLE_CONTENTS.JOB_FAILED,
    });
  });
});
