// Every project's suite in one Jest run (npm test runs it through infra/test.mjs, which starts the engines).
module.exports = {
  projects: [
    '<rootDir>/libs/*/jest.config.js',
    '<rootDir>/workflows/jest.config.js',
    '<rootDir>/services/*/jest.config.js',
    '<rootDir>/test/e2e/jest.config.js',
    '<rootDir>/test/browser/jest.config.js',
    // Alert rules (promtool) and the Helm chart (helm template + kubeconform), built tools from .local/tools.
    '<rootDir>/test/deploy/jest.config.js',
  ],
};
