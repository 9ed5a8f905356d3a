export { yamlModule, semverModule } from "./lazy.ts";
export { InputError } from "./input-error.ts";
