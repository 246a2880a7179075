import { extract, Header } from 'tar-stream';
import { layerTar } from './layer-tar';

async function entries(tar: Buffer): Promise<Array<Header & { content: string }>> {
  const reader = extract();
  const read: Array<Header & { content: string }> = [];
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      read.push({ ...entry.header, content: Buffer.concat(chunks).toString('utf8') });
    }
  })();
  reader.end(tar);
  await done;
  return read;
}

describe('layerTar', () => {
  it('writes parent directories once, then the files, owned by root at time 0', async () => {
    const tar = await layerTar([
      { path: 'etc/app/config.yml', content: 'a: 1\n' },
      { path: 'etc/app/other', content: 'é' },
      { path: 'hookyard-seed', content: 'x\n' },
    ]);
    const read = await entries(tar);
    expect(read.map(({ name, type, mode, content }) => ({ name, type, mode, content }))).toEqual([
      { name: 'etc/', type: 'directory', mode: 0o755, content: '' },
      { name: 'etc/app/', type: 'directory', mode: 0o755, content: '' },
      { name: 'etc/app/config.yml', type: 'file', mode: 0o644, content: 'a: 1\n' },
      { name: 'etc/app/other', type: 'file', mode: 0o644, content: 'é' },
      { name: 'hookyard-seed', type: 'file', mode: 0o644, content: 'x\n' },
    ]);
    for (const entry of read) {
      expect(entry).toMatchObject({ uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: new Date(0) });
    }
  });

  it('gives the same files the same bytes', async () => {
    const files = [{ path: 'a/b', content: 'same' }];
    expect((await layerTar(files)).equals(await layerTar(files))).toBe(true);
  });

  it('refuses an empty path', async () => {
    await expect(layerTar([{ path: '/', content: '' }])).rejects.toThrow(/invalid layer path/);
  });
});
