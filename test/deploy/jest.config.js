// Deployment files checked by their own tools: the Prometheus alert rules with promtool, the Helm
// chart with helm template + kubeconform (offline schemas). The Go tools are built once from the Go
// module proxy and cached under .local/tools (npm test builds them before Jest when Go is there).
module.exports = {
  displayName: 'deploy',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
};
