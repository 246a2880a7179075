import { text } from 'body-parser';
import { parse as parseContentType } from 'content-type';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonInput } from './json-input';

/** Every JSON media type: `application/json` and `+json` ones (Distribution's events). */
const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];
const JSON_MEDIA_TYPE = /^application\/(?:json|[\w.+-]+\+json)$/;

type Request = IncomingMessage & { body?: unknown };
export type JsonBodyMiddleware = (req: Request, res: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Reads JSON bodies with body-parser (limit, content encodings and their errors) and parses them
 * with parseJsonInput, so every API refuses the same hostile bodies the same way. Bodies of other
 * types stay unread for the routes' Content-Type guards. JSON comes in UTF-8 only (RFC 8259):
 * another declared charset is 415, so that no decoder (UTF-7, say) can turn bytes a proxy let
 * through into quotes.
 */
export function jsonBodyParser(limitBytes: number): JsonBodyMiddleware {
  const read = text({ type: JSON_MEDIA_TYPES, limit: limitBytes });
  return (req, res, next) => {
    const charset = foreignCharset(req);
    if (charset) {
      const message = `unsupported charset "${charset.toUpperCase()}": JSON must be UTF-8`;
      return next(Object.assign(new Error(message), { status: 415, type: 'charset.unsupported' }));
    }
    read(req as never, res as never, (error?: unknown) => {
      if (error || typeof req.body !== 'string') return next(error);
      try {
        req.body = parseJsonInput(req.body);
      } catch (refused) {
        return next(refused);
      }
      next();
    });
  };
}

/** The charset a JSON body declares when it is not UTF-8. */
function foreignCharset(req: Request): string | undefined {
  const header = req.headers['content-type'];
  if (!header?.includes('charset')) return undefined;
  try {
    const { type, parameters } = parseContentType(header);
    const charset = parameters.charset?.toLowerCase();
    if (!charset || charset === 'utf-8' || charset === 'utf8' || !JSON_MEDIA_TYPE.test(type))
      return undefined;
    return charset;
  } catch {
    // Not a media type at all: the route's Content-Type guard answers it.
    return undefined;
  }
}
