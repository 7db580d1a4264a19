/** A missing or malformed configuration variable. The message names the variable and what is wrong with it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`configuration ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}
