// The dashboard: one build at /mgmt/ (served by platform from UI_DIR, spec/ui.md §1).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// What the original's dev server proxied (spec/ui.md §1), pointed at a running stack.
const mgmt = process.env.SC_DEV_MGMT || 'http://127.0.0.1:2022';
const engineApi = process.env.SC_DEV_ENGINE_API || 'http://127.0.0.1:1985';
const engineHttp = process.env.SC_DEV_ENGINE_HTTP || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/mgmt/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/terraform/': mgmt,
      '/prometheus/': mgmt,
      '/console/': mgmt,
      '/players/': mgmt,
      '/tools/': mgmt,
      '/api/': engineApi,
      '/rtc/': engineApi,
      '^/[^/]+/[^/]+\\.(flv|m3u8|ts|aac|mp3)$': engineHttp,
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{js,jsx}'],
  },
});
