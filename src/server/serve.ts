import type { FastifyInstance } from "fastify";
import { openStore, type StoreLocation } from "../store/index.ts";
import { buildApp, type AppOptions } from "./app.ts";

export interface ServeOptions extends Omit<AppOptions, "store"> {
  location: StoreLocation;
  host: string;
  port: number;
}

export interface RunningServer {
  app: FastifyInstance;
  /** The address it listens on, e.g. http://127.0.0.1:4040. */
  url: string;
  /** Stops accepting, lets requests in flight finish, then closes the store. */
  close(): Promise<void>;
}

/** Opens the store (migrating it), builds the app and listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const store = await openStore(options.location);
  let app: FastifyInstance;
  try {
    app = await buildApp({ ...options, store });
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        try {
          await app.close();
        } finally {
          await store.close();
        }
      })();
      return closing;
    },
  };
}
