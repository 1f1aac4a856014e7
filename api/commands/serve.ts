// dlxh serve: the API and dashboards over the embedded store, until stopped (Ctrl-C / SIGTERM).
import { openRuntime } from '../runtime.ts';
import { createApp, listen } from '../server.ts';

export async function serveCommand(opts: { data: string; config?: string; port: string; host: string }) {
  const rt = openRuntime({ dataDir: opts.data, configDir: opts.config });
  const server = await listen(createApp({ store: rt.store, ready: async () => rt.db.isOpen }), Number(opts.port), opts.host);
  console.error(`DLXH Monitor: http://${opts.host}:${Number(opts.port)}/ (Ctrl-C to stop)`);
  await untilStopped();
  await new Promise((resolve) => server.close(resolve));
  await rt.close();
}

export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
