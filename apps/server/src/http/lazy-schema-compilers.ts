// Fastify compiles every route's validation and serialization schemas before it listens: about 0.4 s
// of the server's 1.3 s start, more on a busy machine, and clients wait that long after a restart
// (bench/FINDINGS.md, "A restart is mostly compiling schemas"). These compilers are Fastify's own,
// called on a schema's first use instead; `compileRemaining` then compiles the rest in the
// node's idle moments once it listens, and a test compiles them all, so a broken schema still shows.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;
type ValidatorCompiler = ReturnType<ValidatorFactory>;
type SerializerCompiler = ReturnType<SerializerFactory>;
type RouteSchema = Parameters<ValidatorCompiler>[0];
type Validate = ReturnType<ValidatorCompiler>;
type Serialize = ReturnType<SerializerCompiler>;

// The very modules Fastify would load when no factory is given (its lib/schema-controller.js),
// resolved from Fastify's own location so that they are the versions it was released with.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/** A schema whose compilation failed, by route. */
export class SchemaCompileError extends Error {
  constructor(readonly failures: Array<{ route: string; error: unknown }>) {
    super(`route schemas failed to compile: ${failures.map((f) => `${f.route}: ${(f.error as Error).message}`).join('; ')}`);
    this.name = 'SchemaCompileError';
  }
}

/** When `compileRemaining` may compile: in idle moments of the event loop. */
export interface IdleCompiling {
  /** How often the event loop's utilization is looked at. */
  checkEveryMs: number;
  /** Compiles only after an interval in which the loop was busy at most this share of the time. */
  maxUtilization: number;
  /** Compiles for at most about this long after such an interval. */
  sliceMs: number;
}

export class LazySchemaCompilers {
  /** Compilations not yet done, in the order the routes were declared. */
  readonly #pending = new Set<{ route: string; compile: () => void }>();
  #stopped = false;

  /** For Fastify's `schemaController.compilersFactory`. */
  readonly compilersFactory: CompilersFactory = {
    buildValidator: (externalSchemas, options) => {
      // Building the factory makes an Ajv instance with its formats: deferred as well.
      let compile: ValidatorCompiler | undefined;
      const build = (): ValidatorCompiler => (compile ??= (fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory)()(externalSchemas, options));
      return (route) => this.#lazyValidator(route, () => build()(route));
    },
    buildSerializer: (externalSchemas, options) => {
      let compile: SerializerCompiler | undefined;
      const build = (): SerializerCompiler => (compile ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)()(externalSchemas, options));
      return (route) => this.#lazySerializer(routeName(route), () => build()(route));
    },
  };

  /** Schemas not compiled yet. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /**
   * Compiles every schema not compiled yet. Without `idle`, one per turn of the event loop; with it,
   * only in the intervals in which the loop was mostly idle, a slice at a time, so that a busy node
   * (clients coming back after a restart, a load test) does not pay for it. Rejects with a
   * SchemaCompileError naming each schema that failed (its route then answers 500 until it is
   * fixed). Stops early after `stop()`.
   */
  async compileRemaining(idle?: IdleCompiling): Promise<void> {
    const failures: Array<{ route: string; error: unknown }> = [];
    const queue = [...this.#pending];
    let last = performance.eventLoopUtilization();
    while (queue.length > 0 && !this.#stopped) {
      if (idle) {
        await new Promise<void>((resolve) => setTimeout(resolve, idle.checkEveryMs).unref());
        const now = performance.eventLoopUtilization();
        const busy = performance.eventLoopUtilization(now, last).utilization;
        last = now;
        if (busy > idle.maxUtilization) continue;
      } else await new Promise<void>((resolve) => setImmediate(resolve));
      const until = performance.now() + (idle?.sliceMs ?? 0);
      do {
        const entry = queue.shift()!;
        if (!this.#pending.has(entry)) continue;
        try {
          entry.compile();
        } catch (error) {
          failures.push({ route: entry.route, error });
        }
      } while (queue.length > 0 && performance.now() < until && !this.#stopped);
    }
    if (failures.length > 0) throw new SchemaCompileError(failures);
  }

  /** No more compiling ahead of use (the node is closing). */
  stop(): void {
    this.#stopped = true;
  }

  #lazyValidator(route: RouteSchema, compile: () => Validate): Validate {
    const real = this.#defer(`${routeName(route)} ${route.httpPart ?? ''}`.trim(), compile);
    let compiled: Validate | undefined;
    const validate = ((data: unknown, context?: unknown) => {
      compiled = real();
      return (compiled as (data: unknown, context?: unknown) => unknown)(data, context);
    }) as Validate;
    // Fastify passes the request as the parent of the validated part only to a function that has
    // `schemaEnv`, as every Ajv validator does: Ajv needs it to coerce or default a whole part.
    Object.defineProperty(validate, 'schemaEnv', { value: true });
    // Fastify reads the errors of the last call from the function it called.
    Object.defineProperty(validate, 'errors', { get: () => compiled?.errors ?? null });
    return validate;
  }

  #lazySerializer(route: string, compile: () => Serialize): Serialize {
    const real = this.#defer(route, compile);
    return (data: unknown) => real()(data);
  }

  /** `compile`, run once: by the first call of the function returned, or by `compileRemaining`. */
  #defer<T>(route: string, compile: () => T): () => T {
    let value: { compiled: T } | undefined;
    const get = (): T => {
      if (!value) {
        value = { compiled: compile() };
        this.#pending.delete(entry);
      }
      return value.compiled;
    };
    const entry = { route, compile: () => void get() };
    this.#pending.add(entry);
    return get;
  }
}

function routeName(route: { method?: string | string[]; url?: string; httpStatus?: string }): string {
  const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '');
  return [method, route.url ?? '', route.httpStatus ?? ''].filter(Boolean).join(' ');
}
