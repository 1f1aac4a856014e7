// npm run bench: prints the figures the issues ask for. It asserts nothing.
import { benchIngest } from './ingest.ts';

const sections: [string, () => Promise<unknown>][] = [
  ['ingest and search (embedded store)', benchIngest],
];

const only = process.argv.slice(2);
for (const [name, run] of sections) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  console.log(`\n## ${name}`);
  await run();
}
