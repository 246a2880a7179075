/** Where class-transformer keeps its decorators' metadata; the package types it under types/ only. */
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
