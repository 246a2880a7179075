import type { HookyardConfig } from '@hookyard/config';
import { HeaderCipher } from '@hookyard/delivery';
import { ApiError } from '@hookyard/http';
import { randomBytes } from 'node:crypto';
import {
  OptionsVocabulary,
  presentOptions,
  SubscriptionOptionsService,
} from './subscription-options.service';

const key = randomBytes(32);
const service = new SubscriptionOptionsService({ secrets: { encryptionKey: key } } as HookyardConfig);
const cipher = new HeaderCipher(key);
const DTR: OptionsVocabulary = {
  fields: {
    tagPattern: 'tagPattern',
    repositoryPattern: 'repositoryPattern',
    payloadFormat: 'payloadFormat',
    headers: 'headers',
    ordered: 'ordered',
    rateLimit: 'rateLimit',
  },
  ownPayloadFormat: 'dtr',
};
const repository = { eventTypes: ['TAG_PUSH' as const], namespace: 'acme', repository: 'api' };
const namespace = { eventTypes: ['TAG_PUSH' as const], namespace: 'acme', repository: null };

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('not refused');
};

describe('SubscriptionOptionsService', () => {
  it('keeps what a request leaves out (or nulls), sets what it gives, removes what it empties', () => {
    const created = service.resolve(
      { tagPattern: ' v*,!*-rc* ', payloadFormat: 'cloudevents', repositoryPattern: 'team/*' },
      DTR,
      namespace,
    );
    expect(created).toEqual({
      tagPattern: 'v*,!*-rc*',
      payloadFormat: 'cloudevents',
      repositoryPattern: 'team/*',
    });
    expect(
      service.resolve({ tagPattern: '', payloadFormat: 'dtr', headers: null }, DTR, namespace, created),
    ).toEqual({
      repositoryPattern: 'team/*',
    });
    expect(service.resolve({ repositoryPattern: '' }, DTR, namespace, created)).not.toHaveProperty(
      'repositoryPattern',
    );
    expect(service.resolve({}, DTR, repository)).toEqual({});
  });

  it('sets ordered and rateLimit, removes them with false and 0, and shows them only when set', () => {
    const paced = service.resolve({ ordered: true, rateLimit: 20 }, DTR, repository);
    expect(paced).toEqual({ ordered: true, rateLimit: 20 });
    expect(presentOptions(paced)).toEqual({ ordered: true, rateLimit: 20 });
    expect(service.resolve({ tagPattern: 'v*' }, DTR, repository, paced)).toEqual({
      tagPattern: 'v*',
      ordered: true,
      rateLimit: 20,
    });
    expect(service.resolve({ ordered: false, rateLimit: 0 }, DTR, repository, paced)).toEqual({});
    expect(presentOptions({})).toEqual({});
  });

  it.each([
    [{ ordered: 'yes' }, 'ordered'],
    [{ ordered: 1 }, 'ordered'],
    [{ rateLimit: 1.5 }, 'rateLimit'],
    [{ rateLimit: -1 }, 'rateLimit'],
    [{ rateLimit: 10_001 }, 'rateLimit'],
    [{ rateLimit: '20' }, 'rateLimit'],
  ])('refuses %j naming the field', (request, field) => {
    const error = refusal(() => service.resolve(request, DTR, repository));
    expect(error.getStatus()).toBe(400);
    expect(error.detail).toEqual({ fields: [field] });
  });

  it('seals headers, keeps a stored value sent back as ***, and removes them with {}', () => {
    const first = service.resolve({ headers: { Authorization: 'Bearer a', 'X-B': 'b' } }, DTR, repository);
    expect(first.headers!.names).toEqual(['Authorization', 'X-B']);
    expect(JSON.stringify(first)).not.toContain('Bearer a');
    const kept = service.resolve({ headers: { Authorization: '***', 'X-C': 'c' } }, DTR, repository, first);
    expect(cipher.open(kept.headers!)).toEqual({ Authorization: 'Bearer a', 'X-C': 'c' });
    expect(service.resolve({ headers: {} }, DTR, repository, kept)).toEqual({});
    expect(presentOptions(kept)).toEqual({ headers: { Authorization: '***', 'X-C': '***' } });
  });

  it('refuses, naming the field as the API calls it', () => {
    const quayish = { ...DTR, fields: { ...DTR.fields, tagPattern: 'eventConfig.tagPattern' } };
    expect(refusal(() => service.resolve({ tagPattern: '[' }, quayish, repository))).toMatchObject({
      message: expect.stringMatching(/^eventConfig\.tagPattern glob "\[" is not valid/),
      detail: { fields: ['eventConfig.tagPattern'] },
    });
    expect(refusal(() => service.resolve({ tagPattern: ['v*'] }, DTR, repository)).message).toBe(
      'tagPattern must be a string',
    );
    expect(refusal(() => service.resolve({ repositoryPattern: 'x' }, DTR, repository)).message).toMatch(
      /not of one repository \(acme\/api\)/,
    );
    expect(
      refusal(() =>
        service.resolve({ repositoryPattern: 'x' }, DTR, {
          ...namespace,
          eventTypes: ['RETENTION_COMPLETED'],
        }),
      ).message,
    ).toBe('repositoryPattern does not apply: RETENTION_COMPLETED events name no repository');
    expect(refusal(() => service.resolve({ payloadFormat: 'xml' }, DTR, repository)).message).toBe(
      'payloadFormat must be dtr or cloudevents',
    );
  });

  it('checks the resulting options, so a change of what they apply to cannot leave one meaningless', () => {
    const tagged = service.resolve({ tagPattern: 'v*' }, DTR, repository);
    expect(
      refusal(() => service.resolve({}, DTR, { ...repository, eventTypes: ['JOB_FAILED'] }, tagged)).message,
    ).toBe('tagPattern does not apply: JOB_FAILED events name no tag');
  });

  it('refuses headers without a key to seal them, and checks test headers without sealing', () => {
    const keyless = new SubscriptionOptionsService({ secrets: {} } as HookyardConfig);
    expect(refusal(() => keyless.resolve({ headers: { 'X-A': 'a' } }, DTR, repository)).message).toMatch(
      /no SECRETS_ENCRYPTION_KEY/,
    );
    expect(keyless.testHeaders({ 'X-A': 'a' }, 'headers')).toEqual({ 'X-A': 'a' });
    expect(refusal(() => keyless.testHeaders({ Host: 'a' }, 'headers')).message).toMatch(/may not set Host/);
  });
});
