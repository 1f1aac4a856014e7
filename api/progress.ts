// Progress lines for long commands, on stderr so stdout stays clean for data. On a terminal the
// line is rewritten in place; in a log each update is its own line, at most every few seconds.
export type Progress = { update(message: string): void; done(message: string): void };

export function progress(intervalMs = process.stderr.isTTY ? 200 : 5000): Progress {
  let last = 0;
  const tty = process.stderr.isTTY;
  return {
    update(message) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      process.stderr.write(tty ? `\r\x1b[K${message}` : `${message}\n`);
    },
    done(message) {
      process.stderr.write(tty ? `\r\x1b[K${message}\n` : `${message}\n`);
    },
  };
}

export const rate = (n: number, startedAt: number) => Math.round(n / Math.max(0.001, (Date.now() - startedAt) / 1000));
