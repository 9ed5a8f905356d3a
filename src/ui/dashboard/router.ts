import { useEffect, useState } from "preact/hooks";

/**
 * Deep links as URL fragments (`#/projects/shop?state=open`): the page works from a file or behind
 * any path prefix, and a link names the page and its filters.
 */
export interface Location {
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const [path = "", query = ""] = hash.replace(/^#\/?/, "").split("?");
  return {
    path: path.split("/").filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(query),
  };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setLocation(parseHash(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return location;
}

export function link(path: string[], query?: Record<string, string>): string {
  const search = new URLSearchParams(
    Object.entries(query ?? {}).filter(([, v]) => v !== ""),
  ).toString();
  return `#/${path.map(encodeURIComponent).join("/")}${search ? `?${search}` : ""}`;
}

export function navigate(path: string[], query?: Record<string, string>): void {
  window.location.hash = link(path, query);
}
