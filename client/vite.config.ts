// The client is served by the Wardflow server from client/dist in production; in development Vite
// serves it and forwards the API, the sign-in routes and the Socket.IO connection (including its
// WebSocket upgrade) to the server on port 3000, so the browser sees one origin in both cases.
//
// In development, start the server with PUBLIC_URL set to this Vite address (e.g.
// PUBLIC_URL=http://localhost:5173): the server refuses state changes and socket handshakes whose
// Origin is not PUBLIC_URL, and sends the identity provider back to PUBLIC_URL/auth/callback.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // No source maps: the server refuses to serve them anyway (SEC-8), and none should ship.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/auth': { target: server, changeOrigin: false },
      '/socket.io': { target: server, ws: true, changeOrigin: false },
    },
  },
});
