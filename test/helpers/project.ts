/** A temp project (a real git repo) scaffolded with `loop init`, removed after the test. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { initProject } from '../../substrate/scaffold.js';
import { renderTask } from '../../substrate/files/tasks.js';

export interface TestProject { root: string; write: (rel: string, text: string) => string; cleanup: () => void }

export function makeProject(opts: { init?: boolean; git?: boolean } = {}): TestProject {
  const root = mkdtempSync(join(tmpdir(), 'loopdeck-proj-'));
  if (opts.git !== false) {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: root });
  }
  if (opts.init !== false) initProject(root);
  return {
    root,
    write: (rel, text) => { const p = join(root, rel); mkdirSync(dirname(p), { recursive: true }); writeFileSync(p, text); return p; },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Write a lint-clean task file. */
export function writeTask(p: TestProject, id: string, title: string, opts: { status?: 'open' | 'in-progress' | 'review'; depends_on?: string[]; body?: string } = {}): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const text = renderTask({ id, title, status: opts.status ?? 'open', depends_on: opts.depends_on ?? [], scope: `demo scope for ${id}`, sections: { objective: opts.body ?? `Do ${title}.`, context: 'Test project.', deliverables: 'A report.', acceptance: 'Reported done.', verification: 'Read the report.', outOfScope: 'Everything else.' } });
  return p.write(`tasks/${id}-${slug}.md`, text);
}
