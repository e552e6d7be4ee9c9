/**
 * SDK v3 clients made on first use. A collector asks for the client class it imports itself
 * (`ctx.clients.get(RDSClient)`), so a function or CLI command that never reads RDS never loads
 * `@aws-sdk/client-rds`: the kind modules that import the SDKs are themselves loaded on demand
 * (lib/collectors/kinds.ts), and nothing here imports a service package.
 */

/** What every SDK v3 client constructor takes that the pool sets. */
export interface PoolClientConfig {
  region: string;
  maxAttempts?: number;
  credentials?: unknown;
  endpoint?: string;
  forcePathStyle?: boolean;
}

/**
 * An SDK v3 client class (`RDSClient`, `S3Client`, ...). Its parameter is `never` so that every
 * client's own configuration type fits; the pool passes a PoolClientConfig, which all accept.
 */
export type SdkClientClass<C> = new (config: never) => C;

/** The clients of one account and region; each class is constructed once, on first `get`. */
export interface ClientPool {
  readonly region: string;
  get<C extends object>(Client: SdkClientClass<C>): C;
}

/** Called on each client the pool makes (recorded mode adds its answering middleware here). */
export type OnClientCreated = (client: object, Client: SdkClientClass<object>) => void;

/**
 * A pool over one client configuration. `configFor` may adjust the configuration per class (S3
 * against a local endpoint needs path-style addressing).
 *
 * @example
 * const pool = createClientPool({ region: 'us-east-1' });
 * const rds = pool.get(RDSClient); // made now; the same instance on every later call
 */
export function createClientPool(
  config: PoolClientConfig,
  options: { onCreate?: OnClientCreated; configFor?: (Client: SdkClientClass<object>, config: PoolClientConfig) => PoolClientConfig } = {},
): ClientPool {
  const made = new Map<SdkClientClass<object>, object>();
  return {
    region: config.region,
    get<C extends object>(Client: SdkClientClass<C>): C {
      const existing = made.get(Client);
      if (existing) return existing as C;
      const Make = Client as unknown as new (config: PoolClientConfig) => C;
      const client = new Make(options.configFor ? options.configFor(Client, config) : config);
      options.onCreate?.(client, Client);
      made.set(Client, client);
      return client;
    },
  };
}
