import { z } from "zod";
import { TOOL_VERSION } from "../audit/index.ts";
import { ERROR_CODES } from "./errors.ts";
import { errorSchema, type Route } from "./routes.ts";

type JsonSchema = Record<string, unknown>;

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends: the schema's input side. */
function schemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
    unrepresentable: "any",
  }) as JsonSchema;
  // OpenAPI 3.1 declares the dialect once for the document.
  delete json.$schema;
  return json;
}

const statusText: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No content",
};

/** The OpenAPI 3.1 document, built from the same zod schemas that validate the requests. */
export function openApiDocument(routes: Route[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [place, schema] of [
      ["path", route.params],
      ["query", route.query],
    ] as const) {
      if (!schema) continue;
      const json = schemaOf(schema, "input") as {
        properties?: Record<string, JsonSchema>;
        required?: string[];
      };
      for (const [name, property] of Object.entries(json.properties ?? {}))
        parameters.push({
          name,
          in: place,
          required: place === "path" || (json.required ?? []).includes(name),
          schema: property,
        });
    }
    const errors = Object.fromEntries(
      [...new Set(Object.values(ERROR_CODES).map((e) => e.status))]
        .filter((status) => status !== 503)
        .map((status) => [
          String(status),
          {
            description: Object.entries(ERROR_CODES)
              .filter(([, e]) => e.status === status)
              .map(([code]) => code)
              .join(", "),
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        ]),
    );
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      security:
        route.access.kind === "public"
          ? []
          : route.access.kind === "project" && route.access.token
            ? [{ session: [] }, { token: [] }]
            : [{ session: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schemaOf(route.body, "input") } },
            },
          }
        : {}),
      responses: {
        [String(route.status)]:
          route.status === 204
            ? { description: statusText[204] }
            : {
                description: statusText[route.status],
                content: {
                  [route.contentType?.split(";")[0] ?? "application/json"]: {
                    schema: schemaOf(route.response, "output"),
                  },
                },
              },
        ...errors,
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "debtlens API",
      version: TOOL_VERSION,
      description:
        "The shared debt register. Errors are { error: { code, message } } with the codes of docs/server.md.",
    },
    paths,
    components: {
      schemas: { Error: schemaOf(errorSchema, "output") },
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "debtlens_session" },
        token: { type: "http", scheme: "bearer" },
      },
    },
  };
}
