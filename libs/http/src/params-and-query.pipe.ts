import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { invalidInput, textProblem } from './json-input';

/** Longest path parameter: names (255 characters), ids and hashes (64), uuids. */
export const MAX_PARAM_LENGTH = 255;
/** Longest query value: names, `namespace/name` subjects, page cursors. */
export const MAX_QUERY_VALUE_LENGTH = 1024;

/**
 * Path parameters and query values as every route may use them: text PostgreSQL can store and
 * compare (no NUL, no unpaired surrogate), of bounded length, and one value for each query
 * parameter. JSON bodies are checked where they are parsed (jsonBodyParser).
 */
@Injectable()
export class ParamsAndQueryPipe implements PipeTransform {
  transform(value: unknown, { type, data }: ArgumentMetadata): unknown {
    if (type !== 'param' && type !== 'query') return value;
    const limit = type === 'param' ? MAX_PARAM_LENGTH : MAX_QUERY_VALUE_LENGTH;
    if (data !== undefined) {
      if (Array.isArray(value)) throw invalidInput([data], 'must be given once');
      check(data, value, limit);
    } else if (value && typeof value === 'object') {
      for (const [name, given] of Object.entries(value)) {
        check(name, name, limit);
        // No query DTO takes a list: a repeated parameter is refused by name, not as "not a string".
        if (Array.isArray(given)) throw invalidInput([name], 'must be given once');
        check(name, given, limit);
      }
    }
    return value;
  }
}

function check(name: string, value: unknown, limit: number): void {
  if (typeof value !== 'string') return;
  const problem = textProblem(value);
  if (problem) throw invalidInput([name], problem);
  if (value.length > limit) throw invalidInput([name], `must be at most ${limit} characters`);
}
