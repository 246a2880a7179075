import { alaudaEventFor, type AlaudaApiFields, type CanonicalEvent } from '@hookyard/events';

/**
 * The Alauda API docs describe the hooks API but not the delivered body; this carries the hook's own
 * identity (id, subject) in Alauda's field names, the Alauda event name, and the event's data.
 */
export interface AlaudaPayload {
  hook_id: number;
  hook_name: string;
  event: string;
  subject_type: string;
  subject: string;
  created_at: string;
  data: object;
}

export function renderAlaudaPayload(fields: AlaudaApiFields, event: CanonicalEvent): AlaudaPayload {
  return {
    hook_id: fields.id,
    hook_name: fields.name,
    event: alaudaEventFor(fields.subject_type, event.type) ?? event.type,
    subject_type: fields.subject_type,
    subject: fields.subject,
    created_at: event.occurredAt,
    data: event.contents,
  };
}
