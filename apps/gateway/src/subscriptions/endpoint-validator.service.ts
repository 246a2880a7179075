import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { AddressPolicy } from '@hookyard/delivery';
import { ApiError } from '@hookyard/http';
import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { MAX_ENDPOINT_LENGTH } from './field-limits';

/**
 * Rejects endpoints deliveries could never reach: not http(s), or resolving to an address the
 * delivery policy refuses. The worker checks again at connect time; this gives users an early 400.
 */
@Injectable()
export class EndpointValidator {
  private readonly policy: AddressPolicy;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    this.policy = new AddressPolicy(config.delivery.allowedCidrs);
  }

  async assertDeliverable(endpoint: string, field = 'endpoint'): Promise<void> {
    if (endpoint.length > MAX_ENDPOINT_LENGTH) {
      throw this.invalid(field, `${field} must be at most ${MAX_ENDPOINT_LENGTH} characters`);
    }
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw this.invalid(field, `${field} must be an absolute http or https URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw this.invalid(field, `${field} must use http or https, not ${url.protocol.replace(':', '')}`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const refusal = isIP(host)
      ? this.policy.refusal(host)
      : await lookup(host, { all: true }).then(
          (found) => {
            const why = this.policy.nameRefusal(found.map((entry) => entry.address));
            return why && `it ${why}`;
          },
          // A name that does not resolve now may later; the worker checks it on every connect.
          () => null,
        );
    if (refusal) throw this.invalid(field, `${field} ${url.host} is refused: ${refusal}`);
  }

  private invalid(field: string, message: string): ApiError {
    return new ApiError(400, 'INVALID_PARAMETERS', message, { field });
  }
}
