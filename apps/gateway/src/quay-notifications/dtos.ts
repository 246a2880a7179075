import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MaxLength, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';
import { MAX_EVENT_NAME_LENGTH, MAX_NAME_LENGTH } from '../subscriptions/field-limits';

type JsonType = 'string' | 'object';

/** How Python prints a JSON value, as Quay's schema errors quote it. */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const isJsonType = (value: unknown, type: JsonType) =>
  type === 'string'
    ? typeof value === 'string'
    : typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A property of Quay's NotificationCreateRequest schema, refused in jsonschema's words:
 * `'eventConfig' is a required property`, `[] is not of type 'object'`.
 */
function QuaySchemaProperty(type: JsonType, required: boolean): PropertyDecorator {
  return ValidateBy({
    name: 'quaySchemaProperty',
    validator: {
      validate: (value: unknown) => (value === undefined ? !required : isJsonType(value, type)),
      defaultMessage: (args?: ValidationArguments) =>
        args?.value === undefined
          ? `'${args?.property}' is a required property`
          : `${pythonRepr(args.value)} is not of type '${type}'`,
    },
  });
}

/** Quay's NotificationCreateRequest; the service checks event, method and config as Quay does. */
export class CreateQuayNotificationDto {
  @ApiProperty({ example: 'repo_push', description: 'The event on which the notification will respond' })
  @QuaySchemaProperty('string', true)
  @MaxLength(MAX_EVENT_NAME_LENGTH)
  event: string;

  @ApiProperty({ example: 'webhook', description: 'webhook or slack' })
  @QuaySchemaProperty('string', true)
  @MaxLength(MAX_EVENT_NAME_LENGTH)
  method: string;

  @ApiProperty({
    example: { url: 'https://example.com/hook' },
    description:
      "url; for webhook an optional body template (JSON with ${path} expressions); and Hookyard's options: payloadFormat " +
      '(quay, the default, or cloudevents; webhook method without template only) and headers (static headers sent with ' +
      'every delivery, stored encrypted, shown back masked as ***), ordered (true: deliveries one at a time in event order; ' +
      'a delivery being retried holds back the later ones) and rateLimit (deliveries per second, 1..10000)',
  })
  @QuaySchemaProperty('object', true)
  config: Record<string, unknown>;

  @ApiProperty({
    example: { vulnerability: { priority: 'High' } },
    description:
      "vulnerability.priority, level (vulnerability_found), ref-regex (build events); and Hookyard's tagPattern: globs on " +
      'the tag, comma-separated, ! excludes; only events naming a matching tag are delivered',
  })
  @QuaySchemaProperty('object', true)
  eventConfig: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'Notify CI' })
  @QuaySchemaProperty('string', false)
  @ValidateIf((_dto, title) => title !== undefined)
  @MaxLength(MAX_NAME_LENGTH)
  title?: string;
}

/** A notification as Quay returns it (RepositoryNotification.to_dict). */
export class QuayNotificationResponse {
  @ApiProperty({ example: 'c1b5a3e4-2f0d-4b8e-9a61-0f3c2d1e4b5a' }) uuid: string;
  @ApiProperty({ example: 'Notify CI', nullable: true, type: String }) title: string | null;
  @ApiProperty({ example: 'repo_push' }) event: string;
  @ApiProperty({ example: 'webhook' }) method: string;
  @ApiProperty({ example: { url: 'https://example.com/hook' } }) config: Record<string, unknown>;
  @ApiProperty({ example: {} }) event_config: Record<string, unknown>;
  @ApiProperty({
    example: 0,
    description: `failed sends in a row since the last success or reset; at 3 the notification stops until reset`,
  })
  number_of_failures: number;
}

export class QuayNotificationListResponse {
  @ApiProperty({ type: QuayNotificationResponse, isArray: true }) notifications: QuayNotificationResponse[];
}
