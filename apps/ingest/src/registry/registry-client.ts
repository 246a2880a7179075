import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Got } from 'got' with { 'resolution-mode': 'import' };

export interface ImagePlatform {
  /** Digest of the platform's image manifest (for a single-arch image: the pushed manifest itself). */
  digest: string;
  os: string;
  architecture: string;
  variant?: string;
}

/** What the registry says about one manifest: an image (one platform) or an index (one per entry). */
export interface ManifestPlatforms {
  isIndex: boolean;
  platforms: ImagePlatform[];
}

/** When the registry cannot be read: still an event, with empty os/architecture. */
export const UNKNOWN_PLATFORMS: ManifestPlatforms = { isIndex: false, platforms: [] };

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
/** Sent with every read, so the pull events the registry reports for them can be told apart. */
export const REGISTRY_CLIENT_USER_AGENT = 'hookyard-ingest';
const INDEX_TYPES = new Set(MANIFEST_TYPES.slice(0, 2));
const CACHE_TTL_MS = 5 * 60_000;
const CACHE_MAX = 5000;

interface Manifest {
  mediaType?: string;
  config?: { digest: string };
  manifests?: Array<{
    digest: string;
    mediaType?: string;
    platform?: { os: string; architecture: string; variant?: string };
  }>;
}

/** got is ESM-only; loaded once so this CommonJS code base can use it. */
let gotModule: Promise<Got> | undefined;
const loadGot = () => (gotModule ??= import('got').then((module) => module.default));

/**
 * Reads manifests and image configs from the registry (Distribution events carry no os/arch).
 * got gives us auth, retries and timeouts; results are cached by digest, which is immutable.
 */
@Injectable()
export class RegistryClient {
  private readonly logger = new Logger(RegistryClient.name);
  private readonly cache = new Map<string, { manifest: ManifestPlatforms; expires: number }>();

  constructor(@Inject(HOOKYARD_CONFIG) private readonly config: HookyardConfig) {}

  /**
   * The platforms of the manifest `digest` in `repository`: one for an image, one per entry for an
   * index. Returns UNKNOWN_PLATFORMS (and logs a warning) when the registry cannot be read; events
   * still flow.
   */
  async platforms(baseUrl: string, repository: string, digest: string): Promise<ManifestPlatforms> {
    const cached = this.cache.get(digest);
    if (cached && cached.expires > Date.now()) return cached.manifest;
    try {
      const manifest = await this.readPlatforms(this.config.registry.url ?? baseUrl, repository, digest);
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(digest, { manifest, expires: Date.now() + CACHE_TTL_MS });
      return manifest;
    } catch (error) {
      this.logger.warn(
        `could not read ${repository}@${digest} from the registry: ${(error as Error).message}`,
      );
      return UNKNOWN_PLATFORMS;
    }
  }

  private async readPlatforms(
    baseUrl: string,
    repository: string,
    digest: string,
  ): Promise<ManifestPlatforms> {
    const manifest = await this.getJson<Manifest>(
      baseUrl,
      `/v2/${repository}/manifests/${digest}`,
      MANIFEST_TYPES.join(', '),
    );
    if (INDEX_TYPES.has(manifest.mediaType ?? '') || Array.isArray(manifest.manifests)) {
      const platforms = (manifest.manifests ?? [])
        .filter((entry) => entry.platform && entry.platform.os !== 'unknown')
        .map((entry) => ({
          digest: entry.digest,
          os: entry.platform!.os,
          architecture: entry.platform!.architecture,
          ...(entry.platform!.variant ? { variant: entry.platform!.variant } : {}),
        }));
      return { isIndex: true, platforms };
    }
    if (!manifest.config?.digest) return UNKNOWN_PLATFORMS;
    const config = await this.getJson<{ os?: string; architecture?: string; variant?: string }>(
      baseUrl,
      `/v2/${repository}/blobs/${manifest.config.digest}`,
      'application/json, */*',
    );
    return {
      isIndex: false,
      platforms: [
        {
          digest,
          os: config.os ?? '',
          architecture: config.architecture ?? '',
          ...(config.variant ? { variant: config.variant } : {}),
        },
      ],
    };
  }

  private async getJson<T>(baseUrl: string, path: string, accept: string): Promise<T> {
    const got = await loadGot();
    const { username, password } = this.config.registry;
    return got
      .get(`${baseUrl}${path}`, {
        headers: { accept, 'user-agent': REGISTRY_CLIENT_USER_AGENT },
        username,
        password,
        // The registry waits for our answer with a short notification timeout (often 1-5 s) and
        // resends the envelope when it expires, so one quick retry is all enrichment can afford.
        timeout: { request: 3000 },
        retry: { limit: 1, backoffLimit: 200 },
      })
      .json<T>();
  }
}
