import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP relay on loopback in front of one address, which a suite cuts and restores: one service
 * loses an engine (its Temporal, say) while the rest of the stack and the engine itself go on.
 */
export interface TcpProxy {
  /** host:port to give the client in place of the target's. */
  address: string;
  /** Drops every relayed connection and refuses new ones (accepted, then closed at once) until `restore`. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const separator = target.lastIndexOf(':');
  const host = target.slice(0, separator);
  const port = Number(target.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port) || port <= 0)
    throw new Error(`startTcpProxy: '${target}' is not host:port`);
  const relayed = new Set<Socket>();
  let cutOff = false;
  const server = createServer((client) => {
    if (cutOff) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host, port });
    const drop = () => {
      client.destroy();
      upstream.destroy();
      relayed.delete(client);
      relayed.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      relayed.add(socket);
      socket.on('error', drop).on('close', drop);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port: own } = server.address() as { port: number };
  const cut = () => {
    cutOff = true;
    for (const socket of relayed) socket.destroy();
    relayed.clear();
  };
  return {
    address: `127.0.0.1:${own}`,
    cut,
    restore() {
      cutOff = false;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
