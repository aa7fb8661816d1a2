import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { Test } from 'tap';

/**
 * Where a connection the runner opens is announced: undici's channel for fetch, node's own for every
 * client socket (node:http's agents, and undici's sockets too, so a socket is counted once).
 */
const CHANNELS = ['undici:client:connected', 'net.client.socket'] as const;

/**
 * Bytes the runner's HTTP client read from each connection it opened during the test, as the kernel
 * handed them over (a target's own count also includes what loopback buffers absorbed after the client
 * stopped).
 */
export function watchClientReads(t: Test): () => number[] {
  const sockets = new Set<Socket>();
  // Both channels publish `{socket}`: a net.Socket the client connected.
  const onConnected = (message: unknown) => sockets.add((message as { socket: Socket }).socket);
  for (const channel of CHANNELS) diagnostics.subscribe(channel, onConnected);
  t.teardown(() => {
    for (const channel of CHANNELS) diagnostics.unsubscribe(channel, onConnected);
  });
  return () => [...sockets].map((s) => s.bytesRead);
}
