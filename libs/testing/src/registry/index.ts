export { startRegistry, REGISTRY_BINARY } from './registry';
export type { RegistryOptions, RunningRegistry } from './registry';
export type { RegistryCredentials } from './registry-http';
export {
  buildOciImage,
  buildMultiArchOciImage,
  manifestDigest,
  manifestDescriptor,
  platformManifests,
  OCI_MANIFEST_MEDIA_TYPE,
  OCI_INDEX_MEDIA_TYPE,
  OCI_CONFIG_MEDIA_TYPE,
  OCI_LAYER_MEDIA_TYPE,
} from './oci-image';
export type { Platform, OciImageOptions, Descriptor } from './oci-image';
export { skopeoCopy, skopeoInspect, deleteManifest, SKOPEO_BINARY } from './skopeo';
export type { SkopeoCopyOptions, SkopeoInspectOptions } from './skopeo';
export { htpasswdLine } from './htpasswd';
