export { hotspot } from "./hotspot.ts";
export { changeCoupling } from "./change-coupling.ts";
export { knowledgeSilo } from "./knowledge-silo.ts";
export { moduleOf } from "./modules.ts";
export { artifactKind, type ArtifactKind } from "./artifacts.ts";
