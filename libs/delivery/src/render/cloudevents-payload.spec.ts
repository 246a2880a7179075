import { EVENT_TYPES } from '@hookyard/events';
import { exampleEvent } from '@hookyard/testing';
import { CloudEvent, HTTP } from 'cloudevents';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventType, renderCloudEvent } from './cloudevents-payload';
import { renderPayload, type RenderTarget } from './render-payload';

describe('renderCloudEvent', () => {
  it('makes a structured CloudEvent the SDK reads: id, source, type, time, subject and the DTR contents', () => {
    const event = exampleEvent('TAG_PUSH', 'acme/team/api', { tag: 'v1' });
    const body = renderPayload(
      { api: 'dtr', apiFields: {}, options: { payloadFormat: 'cloudevents' } },
      event,
    );
    const parsed = HTTP.toEvent({
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
      body,
    }) as CloudEvent;
    expect(parsed.validate()).toBe(true);
    expect(parsed).toMatchObject({
      specversion: '1.0',
      id: event.id,
      source: '/e2e/acme/team/api',
      type: 'com.hookyard.tag.push',
      time: event.occurredAt,
      subject: 'v1',
      datacontenttype: 'application/json',
      data: event.contents,
    });
  });

  it('whatever the API: Quay and Alauda subscriptions get the same CloudEvent', () => {
    const event = exampleEvent('TAG_PUSH', 'acme/api');
    const cloud = { options: { payloadFormat: 'cloudevents' as const } };
    const dtr = renderPayload({ api: 'dtr', apiFields: {}, ...cloud }, event);
    const quay: RenderTarget = {
      api: 'quay',
      apiFields: {
        uuid: 'u',
        event: 'repo_push',
        method: 'webhook',
        config: { url: 'https://x' },
        eventConfig: {},
        title: null,
      },
      ...cloud,
    };
    const alauda: RenderTarget = {
      api: 'alauda',
      apiFields: {
        id: 1,
        name: 'h',
        subject_type: 'image_repo',
        subject: 'acme/api',
        events: ['image:push'],
        created_by: 'admin',
        updated_at: '2026-01-01T00:00:00.000Z',
      },
      ...cloud,
    };
    expect(renderPayload(quay, event)).toBe(dtr);
    expect(renderPayload(alauda, event)).toBe(dtr);
  });

  it('names namespace and global events by as much as they name, without a subject', () => {
    const retention = { ...exampleEvent('RETENTION_COMPLETED', 'acme/x'), repository: undefined };
    expect(renderCloudEvent(retention)).toMatchObject({
      source: '/e2e/acme',
      type: 'com.hookyard.retention.completed',
    });
    expect(renderCloudEvent(retention)).not.toHaveProperty('subject');
    const scanner = {
      ...exampleEvent('SCANNER_UPDATE_COMPLETED', 'a/b'),
      namespace: undefined,
      repository: undefined,
    };
    expect(renderCloudEvent(scanner).source).toBe('/e2e');
  });

  it('gives every type a reverse-DNS CloudEvents type', () => {
    expect(EVENT_TYPES.map(cloudEventType)).toContain('com.hookyard.scanner.update.completed');
    for (const type of EVENT_TYPES)
      expect(cloudEventType(type)).toMatch(/^com\.hookyard\.[a-z]+(\.[a-z]+)*$/);
  });
});
