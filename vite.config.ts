// The renderer build. Output must satisfy the CSP in src-renderer/index.html: no inline scripts or
// styles (CSS is emitted as files, the module-preload polyfill, which Vite would inject, is off),
// and no inlined assets, so nothing turns into a data: URL that the CSP would refuse.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45 ships Chromium 140; browsers against `encore serve` are current ones.
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: true,
  },
});
