import type { RouteHandler } from "../frameworks/index.ts";

/** `/orders/{id}/` and `GET /orders/:id` alike -> `/orders/:id` (and the method, when given). */
export function normaliseRoute(text: string): { method?: string; path: string } {
  const match = /^([A-Z]+)\s+(\S+)$/.exec(text.trim());
  const raw = match ? match[2]! : text.trim();
  const path = `/${raw
    .split("?")[0]!
    .replace(/\{([^}]+)\}/g, ":$1")
    .replace(/<([^>]+)>/g, ":$1")
    .split("/")
    .filter(Boolean)
    .join("/")}`;
  return match ? { method: match[1]!, path } : { path };
}

/**
 * The handlers serving an SLO's route: the routes with the same path (and method, when the label
 * names one); failing that, the routes whose path ends the SLO's at a segment boundary (a router
 * mounted under a prefix, `/api` + `/orders/:id`), when that is one path only.
 */
export function handlersForRoute(route: string, handlers: readonly RouteHandler[]): RouteHandler[] {
  const wanted = normaliseRoute(route);
  const sameMethod = (h: RouteHandler) =>
    !wanted.method || h.method === wanted.method || h.method === "ALL" || h.method === "ANY";
  const candidates = handlers.filter((h) => h.method !== "USE" && sameMethod(h));
  const exact = candidates.filter((h) => normaliseRoute(h.route).path === wanted.path);
  if (exact.length > 0) return exact;
  const suffix = candidates.filter((h) => {
    const path = normaliseRoute(h.route).path;
    return path !== "/" && wanted.path.endsWith(path);
  });
  return new Set(suffix.map((h) => normaliseRoute(h.route).path)).size === 1 ? suffix : [];
}
