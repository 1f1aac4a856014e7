// A configuration file, or a folder named in the configuration or on the command line (a model
// folder), that cannot be used as it is; the CLI reports it as bad usage (exit 2).
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
