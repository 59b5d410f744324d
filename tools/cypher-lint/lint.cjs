// Lints Cypher files with Neo4j's own language support (@neo4j-cypher/language-support: the
// parser and semantic analysis behind Neo4j's editors), as Cypher 5 (Neo4j 5).
// Usage: node lint.cjs FILE.cypher...   Prints one line per finding (file:line:col: kind: message)
// and exits 1 when there is any. Each file's `// Parameters:` header names its parameters, which
// the linter is told, so a parameter the query uses but the header leaves out is a finding too.
'use strict';
const fs = require('fs');
const { lintCypherQuery } = require('@neo4j-cypher/language-support');

// "Parameters: borrower (LIBID), nlm_uid (or null), extra (list of LIBIDs). Columns: ..."
function headerParameters(text) {
  const header = text.split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(2)).join(' ');
  const match = /Parameters:(.*?)(?:Columns:|$)/s.exec(header);
  if (!match) return null;
  let prose = match[1];
  let previous;
  do { previous = prose; prose = prose.replace(/\([^()]*\)/g, ''); } while (prose !== previous);
  const names = prose.split(/[,;.]|\band\b/).map((s) => s.trim().replace(/^\$/, ''))
    .filter((s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) && s !== 'none');
  return Object.fromEntries(names.map((n) => [n, null]));
}

function lintFile(path) {
  const text = fs.readFileSync(path, 'utf8');
  const parameters = headerParameters(text);
  const findings = [];
  if (parameters === null) {
    findings.push(`${path}:1:1: error: no "// Parameters:" header naming the query's parameters`);
  }
  const schema = { parameters: parameters || {}, defaultLanguage: 'CYPHER 5' };
  for (const d of lintCypherQuery(text, schema).diagnostics) {
    const kind = d.severity === 1 ? 'error' : 'deprecation';
    const where = `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
    findings.push(`${where}: ${kind}: ${d.message.replace(/\s+/g, ' ')}`);
  }
  return findings;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node lint.cjs FILE.cypher...');
  process.exit(2);
}
const findings = files.flatMap(lintFile);
findings.forEach((f) => console.log(f));
console.error(`${files.length} files, ${findings.length} findings`);
process.exit(findings.length ? 1 : 0);
