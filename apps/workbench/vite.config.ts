// Builds the workbench into dist/: index.html and hashed assets under dist/assets/, which the
// server serves at / and /assets/. The workspace packages are bundled from source.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: {
      '@kefu/protocol': repo('packages/protocol/src/index.ts'),
      '@kefu/client': repo('packages/client/src/index.ts'),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', target: 'es2022', sourcemap: false },
});
