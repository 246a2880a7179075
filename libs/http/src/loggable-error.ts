/**
 * What an error log line may show of an exception: its class, message, code and stack. Not the
 * rest of its properties: a failed query carries its parameters (a subscription's secret, a
 * request's fields), an HTTP client error its request.
 */
export function loggableError(exception: unknown): {
  type: string;
  message: string;
  code?: unknown;
  stack?: string;
} {
  if (!(exception instanceof Error)) return { type: typeof exception, message: String(exception) };
  const { code } = exception as { code?: unknown };
  return { type: exception.constructor.name, message: exception.message, code, stack: exception.stack };
}
