/** What a registry route answers with its 202: events received, and canonical events newly written. */
export interface IngestResult {
  accepted: number;
  emitted: number;
}
