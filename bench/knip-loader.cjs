// Preloaded into knip (NODE_OPTIONS=--require) so that it reads a repository's source without the
// repository's dependencies installed: knip loads tool configuration (vite.config.ts, ...) to find
// entries, and that fails on the first missing package. A bare module that does not resolve
// becomes an inert stub whose every export returns its first argument (`defineConfig(x)` is `x`);
// `vue/compiler-sfc`, which knip needs to read .vue files, comes from bench/'s own devDependencies.
const Module = require("node:module");
const { join } = require("node:path");

const stub = join(__dirname, "knip-stub.cjs");
const vueCompiler = require.resolve("@vue/compiler-sfc");
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === "vue/compiler-sfc" || request === "@vue/compiler-sfc") return vueCompiler;
  try {
    return original.call(this, request, parent, ...rest);
  } catch (error) {
    const bare = !/^[./]/.test(request) && !request.startsWith("node:");
    if (error && error.code === "MODULE_NOT_FOUND" && bare) return stub;
    throw error;
  }
};
