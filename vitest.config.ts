import { defineConfig } from 'vitest/config';

// Projects: unit (pure, fast), integration (real SQLite files, real audio, loopback HTTP),
// e2e (serve + Debian chromium), real (reads ../shared/data; run by `npm run test:real`).
export default defineConfig({
  test: {
    expect: { requireAssertions: true },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          expect: { requireAssertions: true },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect: { requireAssertions: true },
          globalSetup: ['test/fixtures/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          expect: { requireAssertions: true },
        },
      },
      {
        test: {
          name: 'real',
          include: ['test/real/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          expect: { requireAssertions: true },
        },
      },
    ],
  },
});
