export { tokenize, type TokenStream, type TokenizeOptions } from "./tokenize.ts";
export {
  detectClones,
  detectClonesCarried,
  duplicatedLines,
  type CloneCarry,
  type CloneGroup,
  type ClonePlace,
  type CloneInput,
  type CloneOptions,
} from "./detect.ts";
