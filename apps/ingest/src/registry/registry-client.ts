import { HOOKYARD_CONFIG, HookyardConfig } from '@hookyard/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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
/** Media types of a multi-platform index (OCI image index, Docker manifest list). */
export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set(MANIFEST_TYPES.slice(0, 2));
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

/**
 * The platforms of an index from its manifest descriptors. Entries without a platform, or with
 * `unknown/unknown` (BuildKit's attestation manifests), are not images one can run.
 */
export function indexPlatforms(
  descriptors: ReadonlyArray<{
    digest: string;
    platform?: { os: string; architecture: string; variant?: string };
  }>,
): ManifestPlatforms {
  const platforms = descriptors
    .filter((entry) => entry.platform && entry.platform.os !== 'unknown')
    .map((entry) => ({
      digest: entry.digest,
      os: entry.platform!.os,
      architecture: entry.platform!.architecture,
      ...(entry.platform!.variant ? { variant: entry.platform!.variant } : {}),
    }));
  return { isIndex: true, platforms };
}

/** got is ESM-only; loaded once so this CommonJS code base can use it. */
let gotModule: Promise<Got> | undefined;
const loadGot = () => (gotModule ??= import('got').then((module) => module.default));

/** One path segment, encoded; `:` stays, as registries write digests with it (RFC 3986 allows it). */
const encodePathSegment = (segment: string) => encodeURIComponent(segment).replace(/%3A/g, ':');

/** `user:password@` in any URL a message quotes. */
const URL_CREDENTIALS = /\/\/[^/@\s"]*@/g;

/**
 * Reads manifests and image configs from the registry the operator configured (REGISTRY_URL;
 * Distribution events carry no os/arch), never from an address an event names: an event only
 * picks the repository and digest, both checked against the reference grammars before they get
 * here, and encoded into the path. The credentials go to that registry only, redirects are not
 * followed, and no message this client logs carries them. Results are cached by digest, which is
 * immutable. got gives us retries and timeouts.
 */
@Injectable()
export class RegistryClient implements OnApplicationBootstrap {
  private readonly logger = new Logger(RegistryClient.name);
  private readonly cache = new Map<string, { manifest: ManifestPlatforms; expires: number }>();
  private readonly baseUrl?: string;
  private readonly headers: Record<string, string>;
  private readonly password?: string;

  constructor(@Inject(HOOKYARD_CONFIG) config: HookyardConfig) {
    const { url, username, password } = config.registry;
    this.baseUrl = url;
    this.password = password || undefined;
    this.headers = {
      'user-agent': REGISTRY_CLIENT_USER_AGENT,
      // A header, not got's username/password: got writes those into the URL its errors quote.
      ...(username || password
        ? { authorization: `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}` }
        : {}),
    };
  }

  onApplicationBootstrap(): void {
    if (!this.baseUrl) {
      this.logger.warn(
        'REGISTRY_URL is not set: Distribution events are delivered without os/architecture. ' +
          'Set REGISTRY_URL (and REGISTRY_USERNAME/REGISTRY_PASSWORD) to read them from the registry.',
      );
    }
  }

  /**
   * The platforms of the manifest `digest` in `repository`: one for an image, one per entry for an
   * index. Returns UNKNOWN_PLATFORMS without a configured registry, and (with a warning) when the
   * registry cannot be read; events still flow.
   */
  async platforms(repository: string, digest: string): Promise<ManifestPlatforms> {
    if (!this.baseUrl) return UNKNOWN_PLATFORMS;
    const cached = this.cache.get(digest);
    if (cached && cached.expires > Date.now()) return cached.manifest;
    try {
      const manifest = await this.readPlatforms(this.baseUrl, repository, digest);
      if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(digest, { manifest, expires: Date.now() + CACHE_TTL_MS });
      return manifest;
    } catch (error) {
      this.logger.warn(
        `could not read ${repository}@${digest} from the registry: ${this.withoutCredentials(error)}`,
      );
      return UNKNOWN_PLATFORMS;
    }
  }

  private async readPlatforms(
    baseUrl: string,
    repository: string,
    digest: string,
  ): Promise<ManifestPlatforms> {
    const name = repository.split('/').map(encodePathSegment).join('/');
    const manifest = await this.getJson<Manifest>(
      `${baseUrl}/v2/${name}/manifests/${encodePathSegment(digest)}`,
      MANIFEST_TYPES.join(', '),
    );
    if (INDEX_MEDIA_TYPES.has(manifest.mediaType ?? '') || Array.isArray(manifest.manifests)) {
      return indexPlatforms(manifest.manifests ?? []);
    }
    if (!manifest.config?.digest) return UNKNOWN_PLATFORMS;
    const config = await this.getJson<{ os?: string; architecture?: string; variant?: string }>(
      `${baseUrl}/v2/${name}/blobs/${encodePathSegment(manifest.config.digest)}`,
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

  private async getJson<T>(url: string, accept: string): Promise<T> {
    const got = await loadGot();
    const response = await got.get(url, {
      headers: { ...this.headers, accept },
      // A redirect could send the credentials, or the read, somewhere the operator did not name.
      followRedirect: false,
      // The registry waits for our answer with a short notification timeout (often 1-5 s) and
      // resends the envelope when it expires, so one quick retry is all enrichment can afford.
      timeout: { request: 3000 },
      retry: { limit: 1, backoffLimit: 200 },
      // Our own message for a status: got's names the URL.
      throwHttpErrors: false,
    });
    if (response.statusCode !== 200) {
      const redirect = response.statusCode >= 300 && response.statusCode < 400;
      throw new Error(
        `the registry answered ${response.statusCode}${redirect ? ', a redirect, which is not followed' : ''}`,
      );
    }
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new Error(`the registry answered ${response.statusCode} with a body that is not JSON`);
    }
  }

  /** The error's message, with no URL credentials and never the registry password. */
  private withoutCredentials(error: unknown): string {
    const message = (error as Error).message.replace(URL_CREDENTIALS, '//');
    return this.password ? message.split(this.password).join('***') : message;
  }
}
