import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{crawlers,pipeline,api,dashboards,config,test}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
