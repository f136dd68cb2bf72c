// A Vitest reporter that prints one "<project>: N passed, N failed, N skipped" line per project
// (node, browser) at the end of a run; Vitest's JSON report does not say which project a test ran in.
// scripts/test.sh adds it after the default and JSON reporters.

/** @type {import('vitest/reporters').Reporter} */
export default class ProjectCounts {
  onTestRunEnd(testModules) {
    /** @type {Map<string, { passed: number; failed: number; skipped: number; broken: number }>} */
    const counts = new Map();
    for (const module of testModules) {
      const name = module.project.name || 'default';
      const c = counts.get(name) ?? { passed: 0, failed: 0, skipped: 0, broken: 0 };
      counts.set(name, c);
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') c.passed++;
        else if (state === 'failed') c.failed++;
        else c.skipped++; // skipped, and pending (todo) as the JSON report counts them
      }
      // A file that failed to load has no tests to count: say so, or the line would look green.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) c.broken++;
    }
    for (const [name, c] of counts) {
      const broken = c.broken ? `, ${c.broken} file${c.broken > 1 ? 's' : ''} failed to load` : '';
      console.log(`${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${broken}`);
    }
  }
}
