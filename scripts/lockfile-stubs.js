// Adds lockfile records for optional platform packages that the package registry reachable from
// our build machines does not serve (oxc-parser publishes one binding per platform; only the Linux
// ones are mirrored here). Without a record, `npm ci` refuses the lockfile as out of sync; with
// one that names the platform, npm skips the package on every other platform, as it would anyway.
// Run after `npm install` changes a lockfile: `node scripts/lockfile-stubs.js` fixes the
// package's own and bench/'s (jscpd publishes one platform package per target the same way).
import { readFileSync, writeFileSync } from "node:fs";

const OS = [
  "android",
  "darwin",
  "freebsd",
  "linux",
  "win32",
  "openharmony",
  "netbsd",
  "openbsd",
  "sunos",
  "aix",
];
const CPU = {
  arm64: "arm64",
  arm: "arm",
  x64: "x64",
  ia32: "ia32",
  riscv64: "riscv64",
  s390x: "s390x",
  ppc64: "ppc64",
  wasm32: "wasm32",
};

function platformOf(name) {
  const parts = name.split("/").pop().split("-");
  const os =
    parts.find((p) => OS.includes(p)) ?? (parts.includes("wasm32") ? undefined : undefined);
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  const libc =
    parts.includes("musl") || parts.includes("musleabihf")
      ? "musl"
      : parts.includes("gnu") || parts.includes("gnueabihf")
        ? "glibc"
        : undefined;
  return { os, cpu, libc };
}

function addStubs(file) {
  const lock = JSON.parse(readFileSync(file, "utf8"));
  let added = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const base = path ? `${path}/node_modules/` : "node_modules/";
      if (lock.packages[`${base}${name}`] || lock.packages[`node_modules/${name}`]) continue;
      const { os, cpu, libc } = platformOf(name);
      lock.packages[`node_modules/${name}`] = {
        version,
        optional: true,
        ...(cpu ? { cpu: [cpu] } : {}),
        ...(os ? { os: [os] } : {}),
        ...(libc ? { libc: [libc] } : {}),
      };
      added++;
    }
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) =>
      a === "" ? -1 : b === "" ? 1 : a.localeCompare(b),
    ),
  );
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`lockfile-stubs: ${added} optional platform records added to ${file.pathname}`);
}

for (const lockfile of ["../package-lock.json", "../bench/package-lock.json"]) {
  addStubs(new URL(lockfile, import.meta.url));
}
