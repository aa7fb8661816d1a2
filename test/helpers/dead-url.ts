import { createServer } from 'node:net';

/** A loopback URL nothing listens on: a port that was free a moment ago (connections are refused). */
export async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('the probe server has no port');
  return `http://127.0.0.1:${address.port}`;
}
