// The stream players page: a second, separate build at /tools/ (mgmt serves ui/dist-tools there;
// spec/ui.md §6.5). It shares src/player with the dashboard's in-page preview.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

export default defineConfig({
  root: resolve(import.meta.dirname, 'tools'),
  base: '/tools/',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist-tools'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        player: resolve(import.meta.dirname, 'tools/player.html'),
        xgplayer: resolve(import.meta.dirname, 'tools/xgplayer.html'),
      },
    },
  },
});
