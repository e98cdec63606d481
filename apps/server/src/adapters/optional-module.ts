// Loads an optional npm dependency on demand, and says which package is missing when it is not installed.

/** An optional package that is not installed (an optional dependency whose install failed or was omitted). */
export class MissingPackageError extends Error {
  constructor(
    readonly packageName: string,
    readonly feature: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${feature} needs the npm package "${packageName}", which is not installed; run \`npm install\` (it is an optional dependency of @kefu/server)`, options);
    this.name = 'MissingPackageError';
  }
}

function isModuleNotFound(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.code !== 'ERR_MODULE_NOT_FOUND' && e.code !== 'MODULE_NOT_FOUND') return false;
  // A missing module deeper in the package's own graph is a broken install, not a missing package.
  return typeof e.message === 'string' && e.message.includes(name);
}

/** `import(name)`, turning "not installed" into a `MissingPackageError`; any other failure propagates. */
export async function importOptional<T>(name: string, feature: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if (isModuleNotFound(error, name)) throw new MissingPackageError(name, feature, { cause: error });
    throw error;
  }
}
