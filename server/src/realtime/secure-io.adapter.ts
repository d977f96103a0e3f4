/**
 * The Socket.IO server's transport-level rules, from configuration (SEC-4, SEC-8): a handshake whose
 * Origin is not PUBLIC_URL is refused before any credential is looked at (browsers do not apply CORS to
 * WebSockets, so without this any page open on a ward PC could connect with the PC's cookies); no CORS
 * headers at all; messages of at most 16 KB.
 *
 * A handshake with no Origin is let through to the credential check: browsers always send Origin on
 * WebSocket handshakes and on cross-site requests, so its absence means a same-origin long-polling
 * request or a program that is not a browser, and neither can ride a ward PC's cookies from another site.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

export const MAX_SOCKET_MESSAGE_BYTES = 16_384;

export class SecureIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly allowedOrigin: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...options,
      cors: undefined,
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        callback(
          origin === undefined || origin === this.allowedOrigin ? null : 'origin not allowed',
          origin === undefined || origin === this.allowedOrigin,
        );
      },
    } as ServerOptions);
  }
}
