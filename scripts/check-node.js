// npm scripts run the project's pinned Node (the `node` devDependency); fail early and clearly
// if someone runs the suite on an older Node by other means.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`guard needs Node.js >= 22.18 (found ${process.version}); run it through npm scripts, which use the pinned node from devDependencies`);
  process.exit(2);
}
