import { writeFileSync } from 'node:fs';
import { renderChecksDoc } from '../src/documents/checks-doc';

writeFileSync(new URL('../docs/checks.md', import.meta.url), renderChecksDoc());
console.log('wrote docs/checks.md');
