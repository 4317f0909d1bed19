import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset paths, so the built page works from any folder or static server.
  base: './',
  server: {
    port: 5173,
    // The page imports the typed documents from the repository's client/generated, outside this
    // folder: the dev server may read that folder and this one, nothing else.
    fs: { allow: ['.', '../../client/generated'] },
  },
  preview: { port: 4173 },
  build: {
    target: 'es2022',
    // livekit-client is one large module (the WebRTC client); splitting it buys nothing here.
    chunkSizeWarningLimit: 1024,
  },
});
