const BLOCK = 512;

export interface TarEntry {
  path: string;
  content?: string | Buffer;
  directory?: boolean;
}

function writeString(header: Buffer, value: string, offset: number, length: number): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  writeString(header, value.toString(8).padStart(length - 1, '0'), offset, length - 1);
}

function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', path.length - 2);
  const prefix = path.slice(0, cut);
  const name = path.slice(cut + 1);
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(name) > 100) {
    throw new Error(`tar path too long for ustar: ${path}`);
  }
  return { name, prefix };
}

function header(path: string, size: number, directory: boolean): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(path);
  writeString(block, name, 0, 100);
  writeOctal(block, directory ? 0o755 : 0o644, 100, 8);
  writeOctal(block, 0, 108, 8);
  writeOctal(block, 0, 116, 8);
  writeOctal(block, size, 124, 12);
  // A fixed mtime keeps layers byte-identical for the same input, so digests depend on the seed only.
  writeOctal(block, 0, 136, 12);
  block.fill(' ', 148, 156);
  block.write(directory ? '5' : '0', 156, 'latin1');
  writeString(block, 'ustar\0', 257, 6);
  writeString(block, '00', 263, 2);
  writeString(block, 'root', 265, 32);
  writeString(block, 'root', 297, 32);
  writeString(block, prefix, 345, 155);
  let checksum = 0;
  for (const byte of block) checksum += byte;
  writeString(block, `${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** A POSIX ustar archive of regular files; parent directories get their own entries, as real layers have. */
export function createTar(entries: TarEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const seenDirectories = new Set<string>();
  for (const entry of entries) {
    const path = entry.path.replace(/^\/+/, '');
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0) throw new Error(`invalid tar path: ${entry.path}`);
    const parentCount = entry.directory ? parts.length : parts.length - 1;
    for (let i = 1; i <= parentCount; i++) {
      const directory = `${parts.slice(0, i).join('/')}/`;
      if (seenDirectories.has(directory)) continue;
      seenDirectories.add(directory);
      chunks.push(header(directory, 0, true));
    }
    if (entry.directory) continue;
    const content = Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content ?? '', 'utf8');
    chunks.push(header(parts.join('/'), content.length, false), content);
    const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (padding) chunks.push(Buffer.alloc(padding));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}
