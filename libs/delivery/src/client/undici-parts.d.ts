/**
 * Types of the two undici modules the delivery client loads by path (see undici-delivery-client.ts):
 * the same values the package's index exports as `Agent` and `errors`.
 */
declare module 'undici/lib/dispatcher/agent' {
  import { Agent } from 'undici';
  export = Agent;
}

declare module 'undici/lib/core/errors' {
  import { errors } from 'undici';
  export = errors;
}
