import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { layerTar } from './layer-tar';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG_MEDIA_TYPE = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_MEDIA_TYPE = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface OciImageOptions {
  os?: string;
  architecture?: string;
  variant?: string;
  /** Layer contents, path → text. A `hookyard-seed` file holding the seed is always added. */
  files?: Record<string, string>;
  /** Same seed and inputs → same digests; defaults to a random value so every image is distinct. */
  seed?: string;
  /** Directory to write the layout into (created if missing); defaults to a fresh temp dir. */
  dir?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

interface BlobWriter {
  (content: Buffer | object, mediaType: string): Descriptor;
}

function layoutWriter(dir: string): BlobWriter {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return (content, mediaType) => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
    const hex = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(join(blobs, hex), bytes);
    return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
  };
}

function writeIndexJson(dir: string, manifest: Descriptor): void {
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests: [manifest] }),
  );
}

function platformOf(options: { os?: string; architecture?: string; variant?: string }): Platform {
  return {
    os: options.os ?? 'linux',
    architecture: options.architecture ?? 'amd64',
    ...(options.variant ? { variant: options.variant } : {}),
  };
}

async function writeImage(
  writeBlob: BlobWriter,
  options: OciImageOptions,
  seed: string,
): Promise<Descriptor> {
  const platform = platformOf(options);
  const entries = [
    ...Object.entries(options.files ?? {}).map(([path, content]) => ({ path, content })),
    { path: 'hookyard-seed', content: `${seed}\n` },
  ];
  const tar = await layerTar(entries);
  // gzip level and header are fixed by zlib, so the compressed layer is as deterministic as the tar.
  const layer = writeBlob(gzipSync(tar, { level: 6 }), OCI_LAYER_MEDIA_TYPE);
  const config = writeBlob(
    {
      ...platform,
      config: { Labels: { 'io.hookyard.seed': seed } },
      rootfs: { type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(tar).digest('hex')}`] },
    },
    OCI_CONFIG_MEDIA_TYPE,
  );
  const manifest = writeBlob(
    { schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE, config, layers: [layer] },
    OCI_MANIFEST_MEDIA_TYPE,
  );
  return manifest;
}

function targetDir(dir: string | undefined): string {
  if (!dir) return mkdtempSync(join(tmpdir(), 'hookyard-oci-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes a one-layer OCI image layout and returns its directory (the caller removes it). */
export async function buildOciImage(options: OciImageOptions = {}): Promise<string> {
  const dir = targetDir(options.dir);
  writeIndexJson(dir, await writeImage(layoutWriter(dir), options, options.seed ?? randomUUID()));
  return dir;
}

/**
 * Writes an OCI layout whose index.json points at one image index listing a manifest per platform,
 * which is what `skopeo copy --all` pushes as a multi-arch image.
 */
export async function buildMultiArchOciImage(
  platforms: Platform[],
  options: { seed?: string; files?: Record<string, string>; dir?: string } = {},
): Promise<string> {
  if (platforms.length === 0) throw new Error('buildMultiArchOciImage needs at least one platform');
  const dir = targetDir(options.dir);
  const writeBlob = layoutWriter(dir);
  const seed = options.seed ?? randomUUID();
  const manifests: Array<Descriptor & { platform: Platform }> = [];
  for (const platform of platforms) {
    const manifest = await writeImage(
      writeBlob,
      { ...platform, files: options.files },
      `${seed}/${platform.os}/${platform.architecture}/${platform.variant ?? ''}`,
    );
    manifests.push({ ...manifest, platform: platformOf(platform) });
  }
  const index = writeBlob(
    { schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests },
    OCI_INDEX_MEDIA_TYPE,
  );
  writeIndexJson(dir, index);
  return dir;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function topDescriptor(layoutDir: string): Descriptor {
  const index = readJson<{ manifests?: Descriptor[] }>(join(layoutDir, 'index.json'));
  if (index.manifests?.length !== 1) {
    throw new Error(
      `${layoutDir}/index.json must list exactly one manifest, found ${index.manifests?.length ?? 0}`,
    );
  }
  return index.manifests[0];
}

/** The digest skopeo pushes for this layout: the image manifest, or the image index for multi-arch layouts. */
export function manifestDigest(layoutDir: string): string {
  return topDescriptor(layoutDir).digest;
}

/** The top-level descriptor (media type, digest, size) of a layout built by this module. */
export function manifestDescriptor(layoutDir: string): Descriptor {
  return topDescriptor(layoutDir);
}

/** Per-platform manifests of a multi-arch layout (a single-arch layout yields its one manifest). */
export function platformManifests(layoutDir: string): Array<Descriptor & { platform: Platform }> {
  const top = topDescriptor(layoutDir);
  if (top.mediaType !== OCI_INDEX_MEDIA_TYPE) {
    const manifest = readJson<{ config: Descriptor }>(
      join(layoutDir, 'blobs', 'sha256', top.digest.slice('sha256:'.length)),
    );
    const config = readJson<Platform>(
      join(layoutDir, 'blobs', 'sha256', manifest.config.digest.slice('sha256:'.length)),
    );
    return [{ ...top, platform: platformOf(config) }];
  }
  const index = readJson<{ manifests: Descriptor[] }>(
    join(layoutDir, 'blobs', 'sha256', top.digest.slice('sha256:'.length)),
  );
  return index.manifests.map((m) => ({ ...m, platform: m.platform ?? platformOf({}) }));
}
