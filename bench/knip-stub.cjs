// The inert module bench/knip-loader.cjs puts in place of a package the audited repository did not
// install: any property is itself, and a call returns its first argument (or an empty object).
const proxy = new Proxy(function stub() {}, {
  get: (_target, key) =>
    key === "__esModule"
      ? true
      : key === "then"
        ? undefined
        : key === Symbol.toPrimitive
          ? () => ""
          : proxy,
  apply: (_target, _this, args) => (args[0] === undefined ? {} : args[0]),
  construct: () => ({}),
});
module.exports = proxy;
