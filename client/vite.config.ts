// The client is served by the Wardflow server from client/dist in production; in development Vite
// serves it and forwards the API and the Socket.IO connection (including its WebSocket upgrade) to
// the server on port 3000, so the browser sees one origin in both cases.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/socket.io': { target: server, ws: true, changeOrigin: false },
    },
  },
});
