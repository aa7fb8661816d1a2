import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Test } from 'tap';

/**
 * Bytes the runner's HTTP client read from each connection it opened during the test, as the kernel
 * handed them over (a target's own count also includes what loopback buffers absorbed after the client
 * stopped). undici announces every connection it opens on this diagnostics channel.
 */
export function watchClientReads(t: Test): () => number[] {
  const sockets: Socket[] = [];
  const onConnected = (message: unknown) => sockets.push((message as { socket: Socket }).socket);
  diagnostics.subscribe('undici:client:connected', onConnected);
  t.teardown(() => diagnostics.unsubscribe('undici:client:connected', onConnected));
  return () => sockets.map((s) => s.bytesRead);
}
