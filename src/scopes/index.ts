export { SCOPES, DEFAULT_COUNTED_SCOPES, isScope, type Scope } from "./scope.ts";
export { scopeByConvention, PATH_CONVENTIONS } from "./conventions.ts";
export { BANNER_BYTES, scopeFromBanner } from "./banners.ts";
export {
  scopeResolver,
  type ScopeInputs,
  type ScopeOverrides,
  type ScopeResolver,
} from "./resolve.ts";
