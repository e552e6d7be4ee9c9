import { request } from 'node:http';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { isLoopback } from './no-network.ts';

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the no-network guard', () => {
  it('refuses a connection to a host beyond loopback before anything is sent', async () => {
    // Act
    const error = await get('http://192.0.2.10/').catch((e: Error & { code?: string }) => e);
    // Assess
    expect((error as Error).message).toMatch(/tests never leave loopback/);
  });

  it('lets loopback through', async () => {
    // Prepare
    const server = createServer((socket) => socket.end('HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    // Act
    const status = await get(`http://127.0.0.1:${port}/`);
    server.close();
    // Assess
    expect(status).toBe('204');
  });

  it('knows the loopback spellings', () => {
    expect(['127.0.0.1', '127.0.0.53', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', 'example.com', 's3.amazonaws.com'].some(isLoopback)).toBe(false);
  });
});
