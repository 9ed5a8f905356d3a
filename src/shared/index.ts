export { yamlModule, semverModule } from "./lazy.ts";
