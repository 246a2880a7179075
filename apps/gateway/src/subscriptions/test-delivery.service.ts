import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import {
  createDeliveryClient,
  DeliveryClient,
  DeliveryError,
  DeliveryEndpoint,
  generateSigningSecret,
  prepareDelivery,
  RenderTarget,
  TEST_EVENT_SOURCE,
  webhookIdFor,
} from '@hookyard/delivery';
import { CanonicalEvent, EventType, EXAMPLE_CONTENTS } from '@hookyard/events';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export type TestDeliveryTarget = RenderTarget &
  Omit<DeliveryEndpoint, 'secret'> & {
    /** The subscription's secret; a fresh one (returned in the result) when testing an endpoint alone. */
    secret?: string;
  };

export interface TestDeliveryResult {
  webhookId: string;
  /** The secret the test was signed with, so the receiver's verification can be checked. */
  secret: string;
  delivered: boolean;
  /** The receiver's HTTP status, or null when no response came (see `error`). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * Sends the fixed example event of a type to an endpoint now, rendered, signed and guarded
 * exactly as real deliveries are, and reports how the receiver answered.
 */
@Injectable()
export class TestDeliveryService implements OnModuleDestroy {
  private readonly client: DeliveryClient;

  constructor(@Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig) {
    this.client = createDeliveryClient(config.delivery);
  }

  async send(target: TestDeliveryTarget, type: EventType): Promise<TestDeliveryResult> {
    const contents = EXAMPLE_CONTENTS[type] as { namespace?: string; repository?: string };
    const event: CanonicalEvent = {
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      source: TEST_EVENT_SOURCE,
      namespace: contents.namespace,
      repository: contents.repository,
      contents,
      dedupKey: `test:${randomUUID()}`,
    };
    const secret = target.secret ?? generateSigningSecret();
    const webhookId = webhookIdFor(event.id, 'test');
    const request = prepareDelivery({ ...target, secret }, event, webhookId, this.config.delivery.timeoutMs);
    try {
      const response = await this.client.send(request);
      return {
        webhookId,
        secret,
        delivered: response.status >= 200 && response.status < 300,
        statusCode: response.status,
        error: null,
        durationMs: Math.round(response.durationMs),
      };
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      return {
        webhookId,
        secret,
        delivered: false,
        statusCode: null,
        error: `${error.code}: ${error.message}`,
        durationMs: Math.round(error.durationMs),
      };
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }
}
