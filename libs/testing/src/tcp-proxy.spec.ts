import { createConnection, createServer, type Server } from 'node:net';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** Sends `text` through `address`; what came back, or 'closed' if the connection ended first. */
function roundTrip(address: string, text: string): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = createConnection({ host, port: Number(port) }, () => socket.write(text));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('close', () => resolve('closed'));
    socket.once('error', () => undefined);
  });
}

describe('startTcpProxy', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    echo = createServer((socket) => socket.on('data', (data) => socket.write(`echo ${data.toString()}`)));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
    proxy = await startTcpProxy(`127.0.0.1:${(echo.address() as { port: number }).port}`);
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  });

  it('relays, drops open connections and refuses new ones while cut, and relays again once restored', async () => {
    expect(await roundTrip(proxy.address, 'one')).toBe('echo one');

    const [host, port] = proxy.address.split(':');
    const open = createConnection({ host, port: Number(port) });
    open.on('error', () => undefined);
    await new Promise((resolve) => open.once('connect', resolve));
    const ended = new Promise((resolve) => open.once('close', resolve));
    // Wait until the relay has the connection before cutting it.
    open.write('ping');
    await new Promise((resolve) => open.once('data', resolve));
    proxy.cut();
    await ended;
    expect(await roundTrip(proxy.address, 'two')).toBe('closed');

    proxy.restore();
    expect(await roundTrip(proxy.address, 'three')).toBe('echo three');
  });

  it('names a target that is not host:port', async () => {
    await expect(startTcpProxy('localhost')).rejects.toThrow("startTcpProxy: 'localhost' is not host:port");
  });
});
