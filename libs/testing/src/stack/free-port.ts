import { createServer } from 'node:net';

/**
 * Ports handed out by this process. A port is free only until something listens on it, and a test
 * often takes one for an app it starts later (INGEST_PORT, say) while other ports are taken
 * meanwhile: the kernel may offer a just-released port again, and two apps given one port would
 * have the second's requests answered by the first.
 */
const handedOut = new Set<number>();

/** A TCP port free right now on 127.0.0.1, never one this process was given before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
