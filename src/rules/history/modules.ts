/**
 * The module a file belongs to for the history rules: its folder, or with `depth` n the first n
 * folders of its path (`depth: 2` puts `src/api/users/get.ts` in `src/api`). Files at the root
 * form the module `.`.
 */
export function moduleOf(path: string, depth: number): string {
  const folders = path.split("/").slice(0, -1);
  if (folders.length === 0) return ".";
  return (depth > 0 ? folders.slice(0, depth) : folders).join("/");
}
