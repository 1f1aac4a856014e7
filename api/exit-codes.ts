// Exit codes of the dlxh command (see api/cli.ts).
export const EXIT = { ok: 0, failed: 1, usage: 2, partial: 3 } as const;
