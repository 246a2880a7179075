import { pack } from 'tar-stream';

/** Owner and time fixed, so the same files always make the same bytes (and so the same digests). */
const FIXED = { uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: new Date(0) };

/** An image layer's tar of text files (path → content); parent directories get entries of their own, as in real layers. */
export async function layerTar(files: Array<{ path: string; content: string }>): Promise<Buffer> {
  const archive = pack();
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').filter(Boolean);
    if (parts.length === 0) throw new Error(`invalid layer path: ${file.path}`);
    for (let depth = 1; depth < parts.length; depth++) {
      const directory = `${parts.slice(0, depth).join('/')}/`;
      if (directories.has(directory)) continue;
      directories.add(directory);
      archive.entry({ ...FIXED, name: directory, type: 'directory', mode: 0o755 });
    }
    archive.entry({ ...FIXED, name: parts.join('/'), mode: 0o644 }, file.content);
  }
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
