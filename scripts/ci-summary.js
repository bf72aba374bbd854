// Reads jest's --json report: fails unless each of the five projects executed at least one test, and
// prints the plain closing line "jest: N passed, N failed, N skipped".
const fs = require("node:fs");
const path = require("node:path");
const report = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const root = path.resolve(__dirname, "..");
const perProject = { unit: 0, integration: 0, e2e: 0, oracle: 0, realmilvus: 0 };
for (const file of report.testResults) {
  const project = path.relative(root, file.name).split(path.sep)[1];
  if (project in perProject) perProject[project] += file.assertionResults.filter((a) => a.status === "passed" || a.status === "failed").length;
}
let ok = true;
for (const [project, n] of Object.entries(perProject)) {
  console.log(`ci: project ${project}: ${n} tests executed`);
  if (n === 0) ok = false;
}
if (report.numPendingTests > 0 || report.numTodoTests > 0) {
  console.log(`ci: ${report.numPendingTests} skipped and ${report.numTodoTests} todo tests: skipping is not allowed`);
  ok = false;
}
console.log(`jest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
if (!ok || report.numFailedTests > 0 || report.numRuntimeErrorTestSuites > 0) process.exit(1);
