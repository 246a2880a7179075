import { createServer, Server } from 'node:http';
import { freePort } from './free-port';
import { startStack } from './stack';

jest.setTimeout(90_000);

describe('freePort', () => {
  it('never hands out a port twice, even one released since', async () => {
    const ports = [];
    for (let i = 0; i < 200; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('startStack', () => {
  let squatter: Server | undefined;

  afterEach(() => squatter?.close());

  it('refuses an app whose port another process answers on, ready as that process looks', async () => {
    squatter = createServer((_request, response) => response.end('{"status":"ok"}'));
    const port = await new Promise<number>((resolve) =>
      squatter!.listen(0, '0.0.0.0', () => resolve((squatter!.address() as { port: number }).port)),
    );
    await expect(startStack({ apps: ['ingest'], env: { INGEST_PORT: String(port) } })).rejects.toThrow(
      `http://127.0.0.1:${port} exited with 1`,
    );
  });
});
