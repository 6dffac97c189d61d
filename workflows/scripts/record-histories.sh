#!/usr/bin/env bash
# Re-records the saved histories (workflows/test/histories/*.json) from real runs of the current
# workflow on the time-skipping test server, then replays them. See workflows/README.md for when.
set -euo pipefail
cd "$(dirname "$0")/../.."

# The path specs write their histories when RECORD_HISTORIES=1; the replay spec is left out so it
# does not read files while they are being rewritten.
RECORD_HISTORIES=1 npx jest -c workflows/jest.config.js \
  --testPathPatterns 'workflows/src/case' \
  --testPathIgnorePatterns '/node_modules/' '/fixtures/' 'replay'

npx jest -c workflows/jest.config.js workflows/src/case-workflow.replay.spec.ts
ls -l workflows/test/histories
